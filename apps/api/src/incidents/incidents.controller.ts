import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateIncidentDto,
  IncidentActionDto,
  ListEventsQuery,
  ListIncidentsQuery,
  PostMessageDto,
  ReportQuery,
  type EventView,
  type IncidentView,
  type Page,
  type PlatformContainmentView,
  type ReportFormat,
} from '@hub/contracts';
import {
  CreateIncidentUseCase,
  eventView,
  IncidentActionUseCase,
  IncidentQueriesUseCase,
  IncidentReportUseCase,
  incidentView,
  PostMessageUseCase,
  type Actor,
  type IncidentAction,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { IncidentIdPipe } from './incident-id.pipe';
import { REPORT_PRESENTATION } from './report-presentation';

/** The media type of each report format, on the wire. */
const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  public: 'text/markdown; charset=utf-8',
  'public-html': 'text/html; charset=utf-8',
};

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly createIncident: CreateIncidentUseCase,
    private readonly act: IncidentActionUseCase,
    private readonly queries: IncidentQueriesUseCase,
    private readonly postMessage: PostMessageUseCase,
    private readonly report: IncidentReportUseCase,
  ) {}

  @Post()
  @Roles('coordinator', 'authority')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateIncidentDto): Promise<IncidentView> {
    return incidentView((await this.createIncident.execute(actor, body)).incident);
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQuery): Promise<Page<IncidentView>> {
    const { incidents, next } = await this.queries.list(actor, query);
    return {
      items: incidents.map(({ incident, overdueCount }) => incidentView(incident, { overdueCount })),
      next,
    };
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', IncidentIdPipe) id: string): Promise<IncidentView> {
    const { incident, overdueCount } = await this.queries.show(actor, id);
    return incidentView(incident, { overdueCount });
  }

  @Post(':id/activate')
  @Roles('coordinator')
  @HttpCode(200)
  activate(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'activate', body);
  }

  @Post(':id/reject')
  @Roles('coordinator')
  @HttpCode(200)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'reject', body);
  }

  @Post(':id/level')
  @Roles('coordinator')
  @HttpCode(200)
  level(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'level', body);
  }

  @Post(':id/participants')
  @Roles('coordinator')
  @HttpCode(200)
  participants(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'participants', body);
  }

  @Post(':id/stand-down')
  @Roles('coordinator')
  @HttpCode(200)
  standDown(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'stand_down', body);
  }

  @Post(':id/close')
  @Roles('coordinator')
  @HttpCode(200)
  close(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'close', body);
  }

  @Post(':id/review')
  @Roles('coordinator')
  @HttpCode(200)
  review(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: IncidentActionDto,
  ) {
    return this.lifecycle(actor, id, 'review', body);
  }

  private async lifecycle(
    actor: Actor,
    id: string,
    action: IncidentAction,
    body: IncidentActionDto,
  ): Promise<IncidentView> {
    return incidentView((await this.act.execute(actor, id, action, body)).incident);
  }

  @Post(':id/messages')
  @Roles('coordinator', 'authority', 'liaison')
  async message(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: PostMessageDto,
  ): Promise<EventView> {
    return eventView(await this.postMessage.execute(actor, id, body.text));
  }

  @Get(':id/events')
  async events(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ListEventsQuery,
  ): Promise<Page<EventView>> {
    const { events, next } = await this.queries.events(actor, id, query.after ?? 0, query.limit ?? 100);
    return { items: events.map(eventView), next };
  }

  @Get(':id/containment')
  async containment(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
  ): Promise<{ incidentId: string; at: string; platforms: PlatformContainmentView[] }> {
    const { platforms, at } = await this.queries.containment(actor, id);
    return { incidentId: id, at: at.toISOString(), platforms };
  }

  @Get(':id/report')
  async afterAction(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ReportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'json';
    const body = await this.report.render(actor, id, format, REPORT_PRESENTATION);
    res.status(200).type(REPORT_CONTENT_TYPES[format]).send(body);
  }
}
