import type { CellStatus, ContainmentUpdatedData } from '@hub/contracts';
import { assertCanUpdateCell, assertVisible } from '../access/access.policy';
import { DomainError, ERROR_CODES } from '../errors';
import { applyContainment, assertOpenForWork, cellStateOf } from '../incidents';
import type { Actor, CellRecord, EventRecord } from '../model';
import type { Clock, IncidentStore } from '../ports';

export interface UpdateContainmentCommand {
  incidentId: string;
  itemId: string;
  platformKey: string;
  status: CellStatus;
  reason?: string;
}

/** Moves one cell, as its platform's liaison or a coordinator on the platform's behalf. */
export class UpdateContainmentUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    command: UpdateContainmentCommand,
  ): Promise<{ cell: CellRecord; event: EventRecord }> {
    return this.incidents.withIncident(command.incidentId, async (tx) => {
      // Checked on the row the work locks: the incident is read once.
      assertVisible(actor, tx.incident);
      const { onBehalf } = assertCanUpdateCell(actor, command.platformKey);
      assertOpenForWork(tx.incident.status);
      const cell = await tx.lockCell(command.itemId, command.platformKey);
      if (!cell) throw new DomainError(ERROR_CODES.NOT_FOUND, 'no such item and platform in this incident');
      const now = this.clock.now();
      const next = applyContainment(cellStateOf(cell), command.status, command.reason, now);
      const saved: CellRecord = {
        ...cell,
        status: next.status,
        reason: next.reason ?? null,
        ackDueAt: next.ackDueAt ?? null,
        actionDueAt: next.actionDueAt ?? null,
        acknowledgedAt: next.acknowledgedAt ?? null,
        actedAt: next.actedAt ?? null,
        pausedAt: next.pausedAt ?? null,
        notifiedAt: next.notifiedAt ?? null,
        updatedAt: now,
      };
      await tx.saveCell(saved);
      const [event] = await tx.append([
        {
          type: 'containment.updated',
          actor: { memberId: actor.memberId, organisationId: actor.organisationId },
          data: {
            itemId: cell.itemId,
            platformKey: cell.platformKey,
            from: cell.status,
            status: saved.status,
            reason: saved.reason,
            onBehalf,
            ackDueAt: saved.ackDueAt?.toISOString() ?? null,
            actionDueAt: saved.actionDueAt?.toISOString() ?? null,
            acknowledgedAt: saved.acknowledgedAt?.toISOString() ?? null,
            actedAt: saved.actedAt?.toISOString() ?? null,
            overdueCount: cell.overdueCount,
          } satisfies ContainmentUpdatedData,
        },
      ]);
      return { cell: saved, event };
    });
  }
}
