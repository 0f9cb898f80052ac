import type { FeedbackDto } from '@hub/contracts';
import { assertCanWork, assertVisible, canSeeItem, mayMissItems } from '../access/access.policy';
import { audienceOf } from './item-visibility';
import { DomainError, ERROR_CODES } from '../core/errors';
import { assertOpenForWork } from './incident.machine';
import type { Actor } from '../core/actor';
import type { EventRecord } from '../events/event.model';
import type { IncidentStore } from './incident.ports';

export class PostMessageUseCase {
  constructor(private readonly incidents: IncidentStore) {}

  async execute(actor: Actor, incidentId: string, text: string): Promise<EventRecord> {
    return this.incidents.withIncident(incidentId, async (tx) => {
      assertVisible(actor, tx.incident);
      assertCanWork(actor, tx.incident, 'posting a message');
      assertOpenForWork(tx.incident.status);
      const [event] = await tx.append([
        {
          type: 'message.posted',
          actor: { memberId: actor.memberId, organisationId: actor.organisationId },
          data: { text, displayName: actor.displayName, role: actor.role },
        },
      ]);
      return event;
    });
  }
}

export class GiveFeedbackUseCase {
  constructor(private readonly incidents: IncidentStore) {}

  async execute(
    actor: Actor,
    incidentId: string,
    itemId: string,
    feedback: FeedbackDto,
  ): Promise<EventRecord> {
    return this.incidents.withIncident(incidentId, async (tx) => {
      assertVisible(actor, tx.incident);
      assertCanWork(actor, tx.incident, 'giving feedback');
      assertOpenForWork(tx.incident.status);
      const item = await tx.findItem(itemId);
      const hidden =
        !!item &&
        item.visibility === 'coordination' &&
        mayMissItems(actor) &&
        !canSeeItem(actor, audienceOf(item, await tx.cellsForItems([item.id])));
      // An item the giver may not see is answered as one that does not exist.
      if (!item || hidden) throw new DomainError(ERROR_CODES.NOT_FOUND, 'item not found');
      await tx.saveFeedback({
        itemId,
        organisationId: actor.organisationId,
        memberId: actor.memberId,
        ...feedback,
      });
      const [event] = await tx.append([
        {
          type: 'item.feedback',
          actor: { memberId: actor.memberId, organisationId: actor.organisationId },
          data: { itemId, verdict: feedback.verdict, note: feedback.note ?? null },
        },
      ]);
      return event;
    });
  }
}
