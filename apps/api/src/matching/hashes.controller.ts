import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HashMatchDto, type HashMatchBatchView, type HashMatchView } from '@hub/contracts';
import { HashMatchUseCase, type Actor } from '@hub/domain';
import { CurrentActor } from '@hub/platform';
import { answer } from '../openapi/answer';
import { HashMatchAnswerSchema } from '../openapi/answers/incidents.answers';

@ApiTags('hashes')
@ApiBearerAuth()
@Controller('hashes')
export class HashesController {
  constructor(private readonly hashMatch: HashMatchUseCase) {}

  /**
   * Any authenticated member; the answer holds only items of incidents the caller can see. `values` (up to
   * 1,000 PDQ hashes) answers `{ results: [{ index, matches }] }`, each as `value` would be answered.
   */
  @Post('match')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'matchHash',
    summary: 'Look a PDQ or vPDQ hash up among items and hash banks',
  })
  @ApiOkResponse(answer(HashMatchAnswerSchema))
  match(
    @CurrentActor() actor: Actor,
    @Body() body: HashMatchDto,
  ): Promise<HashMatchView | HashMatchBatchView> {
    return body.values !== undefined
      ? this.hashMatch.executeBatch(actor, body)
      : this.hashMatch.execute(actor, body);
  }
}
