import type { Actor } from '../core/actor';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { IncidentQueries } from '../incidents/incident.ports';
import type { IncidentQueriesUseCase } from '../incidents/incident-queries.use-cases';
import { DSA_BATCH_SIZE, DSA_SCHEMA_VERSION } from './dsa.vocabulary';
import { draftStatement, STATEMENT_OUTCOMES, type StatementDraft } from './statement.draft';

export interface StatementsPage {
  schema: string;
  platformKey: string;
  statements: StatementDraft[];
  /** The item id to pass as `after` for the next batch. */
  next?: string;
}

/**
 * Drafts of the DSA statements of reasons a platform owes for what it did in an incident, one batch (as many
 * as the database's batch endpoint takes) at a time. The hub never submits them.
 */
export class StatementsOfReasonsUseCase {
  constructor(
    private readonly incidents: IncidentQueriesUseCase,
    private readonly queries: IncidentQueries,
  ) {}

  async draft(
    actor: Actor,
    incidentId: string,
    platformKey: string,
    after?: string,
  ): Promise<StatementsPage> {
    const incident = await this.incidents.get(actor, incidentId);
    if (actor.role !== 'coordinator' && actor.role !== 'admin') {
      if (actor.role !== 'liaison')
        throw new DomainError(
          ERROR_CODES.FORBIDDEN,
          'only the platform’s liaison or a coordinator drafts statements of reasons',
        );
      if (actor.platformKey !== platformKey)
        throw new DomainError(ERROR_CODES.WRONG_PLATFORM, `you are not a liaison of ${platformKey}`);
    }
    const [items, cells] = await Promise.all([
      this.queries.allItems(incidentId),
      this.queries.cells(incidentId),
    ]);
    const itemById = new Map(items.map((i) => [i.id, i]));
    const acted = cells
      .filter((c) => c.platformKey === platformKey && STATEMENT_OUTCOMES.includes(c.status))
      .flatMap((cell) => {
        const item = itemById.get(cell.itemId);
        // A narrative is a claim, not one piece of content: the platform's statements are about the instances
        // it acted on, which the hub never sees.
        return item && item.kind !== 'narrative' ? [{ item, cell }] : [];
      })
      .sort((a, b) => a.item.id.localeCompare(b.item.id));
    const start = after === undefined ? 0 : acted.findIndex(({ item }) => item.id > after);
    const page = start < 0 ? [] : acted.slice(start, start + DSA_BATCH_SIZE);
    const result: StatementsPage = {
      schema: DSA_SCHEMA_VERSION,
      platformKey,
      statements: page.map(({ item, cell }) => draftStatement(incident, item, cell)),
    };
    if (start >= 0 && start + DSA_BATCH_SIZE < acted.length) result.next = page[page.length - 1].item.id;
    return result;
  }
}
