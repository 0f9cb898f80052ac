import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IssueWarningDto, type WarningView } from '@hub/contracts';
import {
  AcknowledgeWarningUseCase,
  IssueWarningUseCase,
  ListWarningsUseCase,
  warningView,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { WarningListSchema, WarningViewSchema } from '../openapi/answers/elections.answers';

/** Warnings between an election's participants: issued, read, acknowledged. */
@ApiTags('elections')
@ApiBearerAuth()
@Controller()
export class WarningsController {
  constructor(
    private readonly issueWarning: IssueWarningUseCase,
    private readonly listWarnings: ListWarningsUseCase,
    private readonly acknowledgeWarning: AcknowledgeWarningUseCase,
  ) {}

  @Post('elections/:id/warnings')
  @Roles('coordinator', 'authority', 'liaison', 'flagger')
  @ApiOperation({
    operationId: 'issueWarning',
    summary: 'Warn the election’s other participating organisations',
  })
  @ApiCreatedResponse(answer(WarningViewSchema))
  async issue(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: IssueWarningDto,
  ): Promise<WarningView> {
    return warningView(await this.issueWarning.execute(actor, id, body));
  }

  @Get('elections/:id/warnings')
  @ApiOperation({ operationId: 'listWarnings', summary: 'List an election’s warnings, newest first' })
  @ApiOkResponse(answer(WarningListSchema))
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<{ items: WarningView[] }> {
    return { items: (await this.listWarnings.execute(actor, id)).map(warningView) };
  }

  @Post('warnings/:id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'acknowledgeWarning',
    summary: 'Acknowledge a warning one’s organisation received',
  })
  @ApiOkResponse(answer(WarningViewSchema))
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<WarningView> {
    return warningView(await this.acknowledgeWarning.execute(actor, id));
  }
}
