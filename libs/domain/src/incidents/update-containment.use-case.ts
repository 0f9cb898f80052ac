import type { AnswerChannel, CellStatus, ContainmentUpdatedData } from '@hub/contracts';
import { assertCanUpdateCell, assertVisible } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { applyContainment, cellStateOf, type CellState } from './containment.machine';
import { assertOpenForWork } from './incident.machine';
import type { Actor } from '../core/actor';
import type { CellRecord } from './incident.model';
import type { EventActor, EventRecord } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IncidentStore, IncidentTx } from './incident.ports';

export interface UpdateContainmentCommand {
  incidentId: string;
  itemId: string;
  platformKey: string;
  status: CellStatus;
  reason?: string;
  /** How the platform answered: `hub` for its liaison here; a coordinator names the channel it was told by. */
  via?: AnswerChannel;
  /** Who at the platform gave the answer a coordinator records. */
  reportedBy?: string;
}

/**
 * The answer's channel as recorded. A liaison answers in the hub (`via` absent or `hub`; another channel is
 * refused: a liaison's answer told by phone is still its own answer here). A coordinator records what a
 * platform said elsewhere: `hub` is refused, `via` may be left out (recorded by a coordinator, channel not
 * said: how clients recorded answers before channels were kept).
 */
export function answerChannel(
  onBehalf: boolean,
  command: Pick<UpdateContainmentCommand, 'via' | 'reportedBy'>,
): { via?: AnswerChannel; reportedBy?: string } {
  const reportedBy = command.reportedBy?.replace(/\s+/g, ' ').trim() || undefined;
  if (!onBehalf) {
    if (command.via !== undefined && command.via !== 'hub') {
      throw invalid(
        'via',
        'a liaison answers in the hub: via is hub (a coordinator records answers given elsewhere)',
      );
    }
    if (reportedBy)
      throw invalid('reportedBy', 'a liaison’s answer is its own: reportedBy is for a coordinator’s record');
    return { via: 'hub' };
  }
  if (command.via === 'hub') {
    throw invalid(
      'via',
      'a coordinator records an answer given outside the hub: phone, meeting, email or letter',
    );
  }
  return { ...(command.via ? { via: command.via } : {}), ...(reportedBy ? { reportedBy } : {}) };
}

/**
 * A platform's contact point answering through a signed receipt link: the link stands for the liaison's
 * sign-in. The event's actor is the platform organisation with no member, and `data.contactId` names the
 * contact.
 */
export interface ContactReceipt {
  contactId: string;
  organisationId: string;
}

/** Moves one cell, as its platform's liaison, a coordinator on the platform's behalf, or a mailed contact. */
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
      const answer = answerChannel(onBehalf, command);
      assertOpenForWork(tx.incident.status);
      const [result] = await this.move(
        tx,
        { memberId: actor.memberId, organisationId: actor.organisationId },
        [{ ...command, ...answer, onBehalf }],
      );
      return result;
    });
  }

  /**
   * The same moves recorded for a contact point (the link was checked by the caller): one cell, or every
   * cell of a mailed batch at once. Cells that cannot make the move (already past it) are left out.
   */
  async executeForContact(
    contact: ContactReceipt,
    incidentId: string,
    commands: UpdateContainmentCommand[],
    opts: { skipIllegal: boolean },
  ): Promise<{ cell: CellRecord; event: EventRecord }[]> {
    return this.incidents.withIncident(incidentId, async (tx) => {
      assertOpenForWork(tx.incident.status);
      return this.move(
        tx,
        { memberId: null, organisationId: contact.organisationId },
        // A receipt link says who answered (`contactId`); it is no channel a coordinator chose.
        commands.map((c) => ({
          ...c,
          via: undefined,
          reportedBy: undefined,
          onBehalf: false,
          contactId: contact.contactId,
        })),
        opts.skipIllegal,
      );
    });
  }

  private async move(
    tx: IncidentTx,
    actor: EventActor,
    commands: (UpdateContainmentCommand & { onBehalf: boolean; contactId?: string })[],
    skipIllegal = false,
  ): Promise<{ cell: CellRecord; event: EventRecord }[]> {
    const now = this.clock.now();
    const moved: { cell: CellRecord; data: ContainmentUpdatedData }[] = [];
    for (const command of commands) {
      const cell = await tx.lockCell(command.itemId, command.platformKey);
      if (!cell) throw new DomainError(ERROR_CODES.NOT_FOUND, 'no such item and platform in this incident');
      let next;
      try {
        next = applyContainment(cellStateOf(cell), command.status, command.reason, now);
      } catch (error) {
        if (skipIllegal && error instanceof DomainError && error.code === ERROR_CODES.ILLEGAL_TRANSITION)
          continue;
        throw error;
      }
      // Answered here now, whatever a peer hub said of it before.
      const saved = movedCell(cell, next, now, cell.viaHub ? { viaHub: null } : {});
      await tx.saveCell(saved);
      moved.push({
        cell: saved,
        data: {
          ...containmentUpdatedData(cell, saved),
          onBehalf: command.onBehalf,
          ...(command.contactId ? { contactId: command.contactId } : {}),
          ...(command.via ? { via: command.via } : {}),
          ...(command.reportedBy ? { reportedBy: command.reportedBy } : {}),
        },
      });
    }
    if (moved.length === 0) return [];
    const events = await tx.append(
      moved.map((m) => ({ type: 'containment.updated', actor, data: { ...m.data } })),
    );
    return moved.map((m, i) => ({ cell: m.cell, event: events[i] }));
  }
}

/** A cell as a move the containment machine allowed leaves it. */
export function movedCell(
  cell: CellRecord,
  next: CellState,
  now: Date,
  extra: Partial<CellRecord> = {},
): CellRecord {
  return {
    ...cell,
    status: next.status,
    reason: next.reason ?? null,
    ackDueAt: next.ackDueAt ?? null,
    actionDueAt: next.actionDueAt ?? null,
    acknowledgedAt: next.acknowledgedAt ?? null,
    actedAt: next.actedAt ?? null,
    pausedAt: next.pausedAt ?? null,
    notifiedAt: next.notifiedAt ?? null,
    ...extra,
    updatedAt: now,
  };
}

/** What a `containment.updated` event records of a move: the cell as it now stands, and the status it left. */
export function containmentUpdatedData(before: CellRecord, saved: CellRecord): ContainmentUpdatedData {
  return {
    itemId: before.itemId,
    platformKey: before.platformKey,
    from: before.status,
    status: saved.status,
    reason: saved.reason,
    onBehalf: false,
    ackDueAt: saved.ackDueAt?.toISOString() ?? null,
    actionDueAt: saved.actionDueAt?.toISOString() ?? null,
    acknowledgedAt: saved.acknowledgedAt?.toISOString() ?? null,
    actedAt: saved.actedAt?.toISOString() ?? null,
    overdueCount: before.overdueCount,
  };
}
