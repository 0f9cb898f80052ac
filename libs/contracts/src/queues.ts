/** Queue names and job payloads shared by the relay, the processors and the tests. */
export const QUEUES = {
  deliveries: 'hub-deliveries',
  deadlines: 'hub-deadlines',
  matching: 'hub-matching',
  banks: 'hub-banks',
  /** Scheduled: new bank signals taken back over open incidents' items. */
  bankBackfill: 'hub-bank-backfill',
  exercises: 'hub-exercises',
  maintenance: 'hub-maintenance',
  mail: 'hub-mail',
  webhookBatches: 'hub-webhook-batches',
  /** A warning between an election's participants, e-mailed to the receiving organisations' tier-1 contacts. */
  warningMail: 'hub-warning-mail',
  /** Pushes to the peer hubs what they may have of the log (docs/federation.md). */
  federation: 'hub-federation',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES] | BankPartitionQueueName;

/** The queue of one partition of the bank PDQ index (`HUB_BANK_PARTITIONS` > 1): the worker holding it answers. */
export type BankPartitionQueueName = `hub-bank-partition-${number}`;
export const bankPartitionQueue = (partition: number): BankPartitionQueueName =>
  `hub-bank-partition-${partition}`;

/**
 * A share of a bank PDQ lookup asked of one partition: up to 1,000 PDQ hashes, each answered on its own.
 * `variants`: each hash is looked up in its 8 rotations and flips as well (the nearest counts). Past
 * `deadline` (epoch ms) the asker has stopped waiting, and the job is skipped.
 */
export interface BankPartitionJob {
  hashes: string[];
  variants: boolean;
  maxDistance: number;
  deadline: number;
}

/** The answer: which partition, how many signals it holds, and per hash `[seq, distance, seq, distance, ...]`. */
export interface BankPartitionResult {
  partition: number;
  size: number;
  found: number[][];
}

export interface DeliveryJob {
  eventId: string;
  incidentId: string;
  itemId: string;
  platformKey: string;
  /** Why the platform is told: a new item, or an overdue reminder. */
  reason: 'item' | 'overdue';
}

/**
 * Deliveries to one platform that batches (`webhook.batch`), in the order of the log: one signed POST of
 * `{ events: [...] }` (at most `WEBHOOK_BATCH_MAX`), all to the live or all to the exercise webhook.
 */
export interface DeliveryBatchJob {
  platformKey: string;
  mode: 'live' | 'exercise';
  deliveries: DeliveryJob[];
}

/** The most events in one batch POST. */
export const WEBHOOK_BATCH_MAX = 500;

export interface DeadlineJob {
  incidentId: string;
  itemId: string;
  platformKey: string;
  kind: 'ack' | 'act';
  /** The due time this job was scheduled for; a moved deadline makes older jobs stale. */
  dueAt: string;
  repeat: number;
}

export interface MatchJob {
  eventId: string;
  incidentId: string;
  itemId: string;
}

export interface ExerciseTickJob {
  runId: string;
}

/**
 * One e-mail batch: what a platform is told about one incident in one short window. `purpose` is `new` for
 * new cells (tier 1), `ack` / `act` for overdue acknowledgements and actions (the ladder's next tiers).
 */
export interface MailJob {
  incidentId: string;
  platformKey: string;
  purpose: 'new' | 'ack' | 'act';
  /** The batching window's index (its start divided by its length): the batch's identity. */
  window: number;
}

/** A push to the peer hubs, planned by the relay for a read of the log that touched a shared incident. */
export interface FederationJob {
  /** The last event of that read: the push covers it and everything before. */
  eventId: string;
}
