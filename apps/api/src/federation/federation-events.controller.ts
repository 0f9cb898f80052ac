import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  FEDERATION_LIMITS,
  FederationEventsQuery,
  PushFederationEventsDto,
  type FederationPage,
  type FederationReceipt,
} from '@hub/contracts';
import { FederationFeedUseCase, parseCursor, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { answer } from '../openapi/answer';
import { FederationPageSchema, FederationReceiptSchema } from '../openapi/answers/federation.answers';

/** What peer hubs read (a catch-up) and push here: the only routes a `peer` token reaches. */
@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation')
export class FederationEventsController {
  constructor(private readonly feed: FederationFeedUseCase) {}

  @Get('events')
  @Roles('peer')
  @ApiOperation({
    operationId: 'federationEvents',
    summary: 'What the calling peer may have of this hub’s log, in order, after a cursor',
  })
  @ApiOkResponse(answer(FederationPageSchema))
  async events(@CurrentActor() actor: Actor, @Query() query: FederationEventsQuery): Promise<FederationPage> {
    const peer = await this.feed.peerOf(actor);
    return this.feed.page(peer, parseCursor(query.after), query.limit ?? FEDERATION_LIMITS.page);
  }

  @Post('events')
  @Roles('peer')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'pushFederationEvents',
    summary:
      'A peer pushes a page of its feed: applied once each, in order; 409 with this hub’s cursor on a gap',
  })
  @ApiOkResponse(answer(FederationReceiptSchema))
  async push(
    @CurrentActor() actor: Actor,
    @Body() body: PushFederationEventsDto,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<FederationReceipt> {
    const { receipt, gap } = await this.feed.receive(actor, body);
    // Started past what this hub has: nothing applied, and the sender starts again from `cursor`.
    if (gap) res.status(409);
    return receipt;
  }
}
