import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatementsOfReasonsUseCase, type Actor, type StatementsPage } from '@hub/domain';
import { CurrentActor } from '@hub/platform';
import { IncidentIdPipe } from '../incidents/incident-id.pipe';
import { StatementsQuery } from './statements.query';
import { answer } from '../openapi/answer';
import { StatementsPageSchema } from '../openapi/answers/features.answers';

@ApiTags('transparency')
@ApiBearerAuth()
@Controller('incidents')
export class StatementsController {
  constructor(private readonly statements: StatementsOfReasonsUseCase) {}

  /** Drafts for the DSA Transparency Database's batch endpoint; the platform's own pipeline submits them. */
  @Get(':id/statements-of-reasons')
  @ApiOperation({
    operationId: 'draftStatementsOfReasons',
    summary: 'Drafts of a platform’s DSA statements of reasons for an incident',
  })
  @ApiOkResponse(answer(StatementsPageSchema))
  draft(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: StatementsQuery,
  ): Promise<StatementsPage> {
    return this.statements.draft(actor, id, query.platformKey, query.after);
  }
}
