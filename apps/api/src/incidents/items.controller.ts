import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BulkShareDto,
  ContainmentUpdateDto,
  FeedbackDto,
  ListItemsQuery,
  ShareItemDto,
  type BulkShareResultEntry,
  type CellView,
  type EventView,
  type ItemView,
  type Page,
  type ShareResult,
} from '@hub/contracts';
import {
  cellView,
  eventView,
  GiveFeedbackUseCase,
  IncidentQueriesUseCase,
  itemView,
  ShareItemsUseCase,
  UpdateContainmentUseCase,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles, validatePayload } from '@hub/platform';
import type { Response } from 'express';
import { uuidParam } from '../http/params';
import { IncidentIdPipe } from './incident-id.pipe';
import { answer } from '../openapi/answer';
import {
  BulkShareAnswerSchema,
  CellViewSchema,
  EventViewSchema,
  ItemViewSchema,
  ShareResultSchema,
} from '../openapi/answers/incidents.answers';
import { pageOf } from '../openapi/answers/answer-schema';

@ApiTags('items')
@ApiBearerAuth()
@Controller('incidents/:id/items')
export class ItemsController {
  constructor(
    private readonly share: ShareItemsUseCase,
    private readonly queries: IncidentQueriesUseCase,
    private readonly containment: UpdateContainmentUseCase,
    private readonly feedback: GiveFeedbackUseCase,
  ) {}

  /** 201 with the new item, or 200 `{ duplicate: true, item }` when it was already shared. */
  @Post()
  @Roles('coordinator', 'authority', 'liaison', 'flagger')
  @ApiOperation({ operationId: 'shareItem', summary: 'Share a URL, a hash or an account into an incident' })
  @ApiCreatedResponse(answer(ShareResultSchema))
  @ApiOkResponse(
    answer(ShareResultSchema, 'Already shared: `duplicate` is true and the item is the one shared before.'),
  )
  async shareOne(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: ShareItemDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ShareResult> {
    const { duplicate, item, cells } = await this.share.one(actor, id, body);
    res.status(duplicate ? 200 : 201);
    return { duplicate, item: itemView(item, cells, undefined, actor) };
  }

  @Post('bulk')
  @Roles('coordinator', 'authority', 'liaison', 'flagger')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'shareItems',
    summary: 'Share up to 1,000 items at once, each answered by index',
  })
  @ApiOkResponse(answer(BulkShareAnswerSchema))
  async shareMany(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Body() body: BulkShareDto,
  ): Promise<{ results: BulkShareResultEntry[] }> {
    return {
      results: await this.share.each(actor, id, body.items, (raw) => validatePayload(ShareItemDto, raw)),
    };
  }

  @Get()
  @ApiOperation({ operationId: 'listItems', summary: 'List an incident’s items with their containment' })
  @ApiOkResponse(answer(pageOf(ItemViewSchema)))
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ListItemsQuery,
  ): Promise<Page<ItemView>> {
    const { items, next } = await this.queries.items(actor, id, query);
    const now = new Date();
    return { items: items.map(({ item, cells }) => itemView(item, cells, now, actor)), next };
  }

  @Get(':itemId')
  @ApiOperation({ operationId: 'getItem', summary: 'Read an item with its containment' })
  @ApiOkResponse(answer(ItemViewSchema))
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Param('itemId', uuidParam('itemId')) itemId: string,
  ): Promise<ItemView> {
    const { item, cells } = await this.queries.item(actor, id, itemId);
    return itemView(item, cells, new Date(), actor);
  }

  @Post(':itemId/containment/:platformKey')
  @Roles('coordinator', 'liaison')
  @HttpCode(200)
  @ApiOperation({ operationId: 'updateContainment', summary: 'Record a platform’s containment of an item' })
  @ApiOkResponse(answer(CellViewSchema))
  async contain(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Param('itemId', uuidParam('itemId')) itemId: string,
    @Param('platformKey') platformKey: string,
    @Body() body: ContainmentUpdateDto,
  ): Promise<CellView> {
    const { cell } = await this.containment.execute(actor, { incidentId: id, itemId, platformKey, ...body });
    return cellView(cell);
  }

  @Post(':itemId/feedback')
  @Roles('coordinator', 'authority', 'liaison', 'flagger')
  @ApiOperation({
    operationId: 'giveItemFeedback',
    summary: 'Agree or disagree with an item, or call it a false positive',
  })
  @ApiCreatedResponse(answer(EventViewSchema))
  async giveFeedback(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Param('itemId', uuidParam('itemId')) itemId: string,
    @Body() body: FeedbackDto,
  ): Promise<EventView> {
    return eventView(await this.feedback.execute(actor, id, itemId, body));
  }
}
