import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ResponseTimesQuery, type ResponseTimesView } from '@hub/contracts';
import { ResponseTimesUseCase, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { answer } from '../openapi/answer';
import { ResponseTimesSchema } from '../openapi/answers/analytics.answers';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly responseTimes: ResponseTimesUseCase) {}

  @Get('response-times')
  @Roles('coordinator', 'observer', 'admin')
  @ApiOperation({
    operationId: 'getResponseTimes',
    summary: 'Platforms’ response times across incidents',
    description:
      'Per platform: cells, answered cells, median and p90 minutes to the first answer and to the outcome, cells by status, overdue cells. The period is on the incidents’ declaration; mode defaults to live. Definitions: docs/analytics.md.',
  })
  @ApiOkResponse(answer(ResponseTimesSchema))
  get(@CurrentActor() actor: Actor, @Query() query: ResponseTimesQuery): Promise<ResponseTimesView> {
    return this.responseTimes.run(actor, query);
  }
}
