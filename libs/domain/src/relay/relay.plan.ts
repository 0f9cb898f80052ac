import type {
  ContainmentUpdatedData,
  DeliveryBatchJob,
  DeadlineJob,
  DeliveryJob,
  FederationJob,
  MatchJob,
} from '@hub/contracts';
import type { PlannedMailJob } from '../mail/mail.plan';
import type { EventRecord } from '../events/event.model';

/** A job the relay enqueues for an event; `id` makes enqueueing idempotent. */
export type PlannedJob =
  | { queue: 'deliveries'; id: string; data: DeliveryJob; delayUntil?: undefined }
  | { queue: 'webhookBatches'; id: string; data: DeliveryBatchJob; delayUntil?: undefined }
  | { queue: 'deadlines'; id: string; data: DeadlineJob; delayUntil: Date }
  | { queue: 'deadlines'; id: string; data: { resync: string }; delayUntil?: undefined }
  | { queue: 'matching'; id: string; data: MatchJob; delayUntil?: undefined }
  | { queue: 'banks'; id: string; data: MatchJob; delayUntil?: undefined }
  | { queue: 'federation'; id: string; data: FederationJob; delayUntil?: undefined }
  | PlannedMailJob;

/** What hash banks hold, and so what a share is looked up in them for. */
const BANKED_HASHES = new Set(['pdq', 'vpdq', 'md5', 'sha1', 'sha256']);

interface CellData {
  platformKey: string;
  ackDueAt: string | null;
  actionDueAt: string | null;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

export const deadlineJobId = (
  itemId: string,
  platformKey: string,
  kind: 'ack' | 'act',
  dueAt: string,
  repeat: number,
): string => `ddl_${itemId}_${safe(platformKey)}_${kind}_${safe(dueAt)}_${repeat}`;

/** Deadline checks at a cell's current due times (repeat 0): also used to reschedule after a level change. */
export function deadlineJobs(incidentId: string, itemId: string, cell: CellData): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const [kind, due] of [
    ['ack', cell.ackDueAt],
    ['act', cell.actionDueAt],
  ] as const) {
    if (!due) continue;
    jobs.push({
      queue: 'deadlines',
      id: deadlineJobId(itemId, cell.platformKey, kind, due, 0),
      data: { incidentId, itemId, platformKey: cell.platformKey, kind, dueAt: due, repeat: 0 },
      delayUntil: new Date(due),
    });
  }
  return jobs;
}

/** The cell fields that decide which deadline checks it still needs. */
export interface CellClocks {
  itemId: string;
  platformKey: string;
  ackDueAt: Date | null;
  actionDueAt: Date | null;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
  pausedAt: Date | null;
}

/** Deadline checks for a cell: none once acted or while paused, the acknowledgement's only while owed. */
export function openCellDeadlineJobs(incidentId: string, cell: CellClocks): PlannedJob[] {
  if (cell.actedAt || cell.pausedAt) return [];
  return deadlineJobs(incidentId, cell.itemId, {
    platformKey: cell.platformKey,
    ackDueAt: cell.acknowledgedAt || !cell.ackDueAt ? null : cell.ackDueAt.toISOString(),
    actionDueAt: cell.actionDueAt ? cell.actionDueAt.toISOString() : null,
  });
}

/** One delivery per cell for the item itself (whoever enqueues it), one per overdue reminder. */
export function deliveryJob(data: DeliveryJob): PlannedJob {
  const id =
    data.reason === 'item'
      ? `dlv_${data.itemId}_${safe(data.platformKey)}`
      : `dlv_${data.eventId}_${safe(data.platformKey)}`;
  return { queue: 'deliveries', id, data };
}

/** What the relay read beside the events, in the same snapshot. */
export interface PlanContext {
  /**
   * The hub holds a hash bank. Without one, a share is not looked up in banks: a bank created after the
   * read gets its signals later still, and each import takes its signals back over the open incidents'
   * items (`BackfillBankHitsUseCase`), this share's among them. A burst of 10,000 shares on a hub without
   * banks made 8,000 bank checks that each read the bank list to find it empty.
   */
  banked: boolean;
}

/**
 * What each event of the log sets in motion. A pure function of the event and its context, so the relay
 * can be replayed from any cursor: job ids are derived from the event, and enqueueing one twice does nothing.
 */
export function planJobs(event: EventRecord, context: PlanContext = { banked: true }): PlannedJob[] {
  const d = event.data as Record<string, any>;
  const delivery = (itemId: string, platformKey: string, reason: DeliveryJob['reason']): PlannedJob =>
    deliveryJob({ eventId: event.id, incidentId: event.incidentId, itemId, platformKey, reason });
  switch (event.type) {
    case 'item.shared': {
      const cells = (d.cells ?? []) as CellData[];
      const jobs: PlannedJob[] = cells.flatMap((cell) => [
        delivery(d.itemId, cell.platformKey, 'item'),
        ...deadlineJobs(event.incidentId, d.itemId, cell),
      ]);
      if (d.hash?.algorithm === 'pdq' || d.hash?.algorithm === 'vpdq') {
        jobs.push({
          queue: 'matching',
          id: `match_${event.id}`,
          data: { eventId: event.id, incidentId: event.incidentId, itemId: d.itemId },
        });
      }
      if (context.banked && (d.kind === 'url' || BANKED_HASHES.has(d.hash?.algorithm))) {
        jobs.push({
          queue: 'banks',
          id: `bank_${event.id}`,
          data: { eventId: event.id, incidentId: event.incidentId, itemId: d.itemId },
        });
      }
      return jobs;
    }
    case 'incident.participant_added': {
      const cells = (d.cells ?? []) as (CellData & { itemId: string })[];
      return cells.flatMap((cell) => [
        delivery(cell.itemId, cell.platformKey, 'item'),
        ...deadlineJobs(event.incidentId, cell.itemId, cell),
      ]);
    }
    case 'containment.updated': {
      // A resumed clock moves the deadlines still owed: schedule checks at the new times.
      const u = event.data as unknown as ContainmentUpdatedData;
      const cell: CellData = {
        platformKey: u.platformKey,
        ackDueAt: u.acknowledgedAt ? null : u.ackDueAt,
        actionDueAt: u.actedAt ? null : u.actionDueAt,
      };
      return u.from === 'clarification_requested' ? deadlineJobs(event.incidentId, u.itemId, cell) : [];
    }
    case 'exercise.resumed':
    case 'incident.level_changed':
      return d.deadlinesMoved
        ? [{ queue: 'deadlines', id: `resync_${event.id}`, data: { resync: event.incidentId } }]
        : [];
    case 'containment.overdue':
      return [
        delivery(d.itemId, d.platformKey, 'overdue'),
        {
          queue: 'deadlines',
          id: deadlineJobId(d.itemId, d.platformKey, d.kind, d.dueAt, d.repeat + 1),
          data: {
            incidentId: event.incidentId,
            itemId: d.itemId,
            platformKey: d.platformKey,
            kind: d.kind,
            dueAt: d.dueAt,
            repeat: d.repeat + 1,
          },
          delayUntil: new Date(d.nextAt),
        },
      ];
    default:
      return [];
  }
}

/**
 * The deadline checks an update has made pointless, by job id: an acknowledged cell's acknowledgement
 * checks, an acted cell's checks of both kinds, at their due times: the first check and every reminder the
 * cell may have had (a reminder's repeat is at most the cell's overdue count). Withdrawn from the queue,
 * so it holds the work still owed rather than checks that would wake only to find the deadline met.
 */
export function withdrawnDeadlineChecks(event: EventRecord): string[] {
  if (event.type !== 'containment.updated') return [];
  const u = event.data as unknown as ContainmentUpdatedData;
  const ids: string[] = [];
  for (const [kind, due, done] of [
    ['ack', u.ackDueAt, u.acknowledgedAt],
    ['act', u.actionDueAt, u.actedAt],
  ] as const) {
    if (!due || !done) continue;
    for (let repeat = 0; repeat <= (u.overdueCount ?? 0); repeat++)
      ids.push(deadlineJobId(u.itemId, u.platformKey, kind, due, repeat));
  }
  return ids;
}

/** Where deliveries can go: the incidents that are live, and the platforms with a live webhook. */
export interface DeliveryTargets {
  liveIncidents: ReadonlySet<string>;
  platformsWithWebhook: ReadonlySet<string>;
}

/**
 * Leaves out the deliveries that would go nowhere: in a live incident, to a platform without a webhook.
 * (An exercise always delivers: to the exercise webhook, or simulated.) A webhook added later is caught
 * by reconciliation, which re-creates the delivery of every cell still waiting for one.
 */
export function withoutIdleDeliveries(jobs: PlannedJob[], targets: DeliveryTargets): PlannedJob[] {
  return jobs.filter((job) => {
    if (job.queue !== 'deliveries') return true;
    const { incidentId, platformKey } = job.data;
    return !targets.liveIncidents.has(incidentId) || targets.platformsWithWebhook.has(platformKey);
  });
}

/**
 * How far ahead a first deadline check goes on the queue. A check due later waits in the database (the
 * cell's due time) until the relay's scheduling pass finds it within this horizon: a burst of thousands of
 * shares does not also write thousands of far-off timers, and the queue store holds only the near ones.
 */
export const DEADLINE_HORIZON_MS = 120_000;

/**
 * The jobs without the first deadline checks due after `until` (the scheduling pass enqueues those when
 * they come within the horizon). Reminders (repeat > 0) are always kept: nothing else would find them.
 */
export function dueBy(jobs: PlannedJob[], until: Date): PlannedJob[] {
  return jobs.filter(
    (job) =>
      job.queue !== 'deadlines' ||
      !job.delayUntil ||
      job.data.repeat > 0 ||
      job.delayUntil.getTime() <= until.getTime(),
  );
}
