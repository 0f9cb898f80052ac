import type { MailJob } from '@hub/contracts';
import type { EventRecord } from '../events/event.model';

/** A mail job the relay enqueues; every event of one window maps to the same id, so one batch is sent. */
export interface PlannedMailJob {
  queue: 'mail';
  id: string;
  data: MailJob;
  delayUntil: Date;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

export const mailBatchKey = (job: MailJob): string =>
  `mail_${job.incidentId}_${safe(job.platformKey)}_${job.purpose}_${job.window}`;

function batchJob(
  event: EventRecord,
  platformKey: string,
  purpose: MailJob['purpose'],
  windowMs: number,
): PlannedMailJob {
  const window = Math.floor(event.at.getTime() / windowMs);
  const data: MailJob = { incidentId: event.incidentId, platformKey, purpose, window };
  return { queue: 'mail', id: mailBatchKey(data), data, delayUntil: new Date((window + 1) * windowMs) };
}

/**
 * The e-mails an event sets in motion, batched per platform and window: new cells (when the platform has no
 * webhook for the incident's mode, or its webhook failed for good), and overdue reminders climbing the
 * ladder. `platformsWithWebhook` (live webhooks) lets the relay skip live cells a webhook already serves.
 */
export function planMailJobs(
  event: EventRecord,
  windowMs: number,
  targets: { live: boolean; platformsWithWebhook: ReadonlySet<string> },
): PlannedMailJob[] {
  const d = event.data as Record<string, any>;
  const fresh = (platformKey: string) =>
    targets.live && targets.platformsWithWebhook.has(platformKey)
      ? []
      : [batchJob(event, platformKey, 'new', windowMs)];
  switch (event.type) {
    case 'item.shared':
      return [...new Set(((d.cells ?? []) as { platformKey: string }[]).map((c) => c.platformKey))].flatMap(
        fresh,
      );
    case 'incident.participant_added':
      return [...new Set(((d.cells ?? []) as { platformKey: string }[]).map((c) => c.platformKey))].flatMap(
        fresh,
      );
    case 'delivery.failed':
      return d.channel === 'email' || typeof d.platformKey !== 'string'
        ? []
        : [batchJob(event, d.platformKey, 'new', windowMs)];
    case 'containment.overdue':
      return d.kind === 'ack' || d.kind === 'act' ? [batchJob(event, d.platformKey, d.kind, windowMs)] : [];
    default:
      return [];
  }
}
