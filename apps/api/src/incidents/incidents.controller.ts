import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { answer, textAnswer } from '../openapi/answer';
import {
  ContainmentViewSchema,
  EventViewSchema,
  IncidentViewSchema,
} from '../openapi/answers/incidents.answers';
import { pageOf } from '../openapi/answers/answer-schema';

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
  @Roles('coordinator', 'authority', 'flagger')
  @ApiOperation({ operationId: 'declareIncident', summary: 'Declare an incident' })
  @ApiCreatedResponse(answer(IncidentViewSchema))
  async create(@CurrentActor() actor: Actor, @Body() body: CreateIncidentDto): Promise<IncidentView> {
    return incidentView((await this.createIncident.execute(actor, body)).incident);
  }

  @Get()
  @ApiOperation({ operationId: 'listIncidents', summary: 'List the incidents the caller may see' })
  @ApiOkResponse(answer(pageOf(IncidentViewSchema)))
  async list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQuery): Promise<Page<IncidentView>> {
    const { incidents, next } = await this.queries.list(actor, query);
    return {
      items: incidents.map(({ incident, overdueCount }) => incidentView(incident, { overdueCount })),
      next,
    };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getIncident', summary: 'Read an incident' })
  @ApiOkResponse(answer(IncidentViewSchema))
  async get(@CurrentActor() actor: Actor, @Param('id', IncidentIdPipe) id: string): Promise<IncidentView> {
    const { incident, overdueCount } = await this.queries.show(actor, id);
    return incidentView(incident, { overdueCount });
  }

  @Post(':id/activate')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'activateIncident', summary: 'Activate an incident being assessed' })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({ operationId: 'rejectIncident', summary: 'Reject an incident being assessed' })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({ operationId: 'changeIncidentLevel', summary: 'Change an incident’s level' })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({
    operationId: 'addIncidentParticipant',
    summary: 'Add an organisation or a platform to an incident',
  })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({ operationId: 'standDownIncident', summary: 'Stand an incident down' })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({ operationId: 'closeIncident', summary: 'Close an incident with its summary' })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @ApiOperation({
    operationId: 'reviewIncident',
    summary: 'Record the after-action review of a closed incident',
  })
  @ApiOkResponse(answer(IncidentViewSchema))
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
  @Roles('coordinator', 'authority', 'liaison', 'flagger')
  @ApiOperation({ operationId: 'postIncidentMessage', summary: 'Post a message to an incident’s room' })
  @ApiCreatedResponse(answer(EventViewSchema))
  async message(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: PostMessageDto,
  ): Promise<EventView> {
    return eventView(await this.postMessage.execute(actor, id, body.text));
  }

  @Get(':id/events')
  @ApiOperation({ operationId: 'listIncidentEvents', summary: 'Read an incident’s log of events, in order' })
  @ApiOkResponse(answer(pageOf(EventViewSchema)))
  async events(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ListEventsQuery,
  ): Promise<Page<EventView>> {
    const { events, next } = await this.queries.events(actor, id, query.after ?? 0, query.limit ?? 100);
    return { items: events, next };
  }

  @Get(':id/containment')
  @ApiOperation({
    operationId: 'getIncidentContainment',
    summary: 'Each platform’s containment of an incident, summed up',
  })
  @ApiOkResponse(answer(ContainmentViewSchema))
  async containment(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
  ): Promise<{ incidentId: string; at: string; platforms: PlatformContainmentView[] }> {
    const { platforms, at } = await this.queries.containment(actor, id);
    return { incidentId: id, at: at.toISOString(), platforms };
  }

  @Get(':id/report')
  @ApiOperation({ operationId: 'getIncidentReport', summary: 'The after-action report of an incident' })
  @ApiOkResponse(
    textAnswer(
      'The report in the format asked.',
      'application/json',
      'text/markdown',
      'text/html',
      'text/csv',
    ),
  )
  async afterAction(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ReportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'json';
    const body = await this.report.render(actor, id, format, REPORT_PRESENTATION, query.lang ?? 'en');
    // The documents for people say their language; data (JSON, CSV) has none.
    if (format === 'md' || format === 'html') res.set('content-language', query.lang ?? 'en');
    res.status(200).type(REPORT_CONTENT_TYPES[format]).send(body);
  }
}
