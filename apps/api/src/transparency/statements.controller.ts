import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { StatementsOfReasonsUseCase, type Actor, type StatementsPage } from '@hub/domain';
import { CurrentActor } from '@hub/platform';
import { IncidentIdPipe } from '../incidents/incident-id.pipe';
import { StatementsQuery } from './statements.query';

@ApiTags('transparency')
@ApiBearerAuth()
@Controller('incidents')
export class StatementsController {
  constructor(private readonly statements: StatementsOfReasonsUseCase) {}

  /** Drafts for the DSA Transparency Database's batch endpoint; the platform's own pipeline submits them. */
  @Get(':id/statements-of-reasons')
  draft(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: StatementsQuery,
  ): Promise<StatementsPage> {
    return this.statements.draft(actor, id, query.platformKey, query.after);
  }
}
