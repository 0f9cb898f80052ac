import type { CellStatus, Channel, ItemKind, MailJob } from '@hub/contracts';

export type MailPurpose = MailJob['purpose'];

/** One e-mail, as the sender puts it on the wire. */
export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The incident's first e-mail to this recipient: threads every later one under it. */
  inReplyTo?: string;
}

/** Hands an e-mail to the mail server; rejects when it is not accepted (for the queue to retry). */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** A batch: what one platform is told about one incident in one window, for one purpose. */
export interface MailBatch {
  key: string;
  incidentId: string;
  platformKey: string;
  purpose: MailPurpose;
}

/** A cell of a batch, with what the e-mail shows of its item. */
export interface BatchCell {
  itemId: string;
  platformKey: string;
  kind: ItemKind;
  url: string | null;
  hashAlgorithm: string | null;
  hashValue: string | null;
  accountHandle: string | null;
  channel: Channel;
  legalReference: string | null;
  status: CellStatus;
  ackDueAt: Date | null;
  actionDueAt: Date | null;
}

/** One e-mail of the outbox: a batch to one contact; `sent` once the mail server accepted it. */
export interface MailRecord {
  id: string;
  batchKey: string;
  contactId: string;
  incidentId: string;
  platformKey: string;
  purpose: MailPurpose;
  tier: number;
  messageId: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
}

/** The e-mail outbox: batches, the e-mails sent for them, and the key that signs receipt links. */
export interface MailOutbox {
  /**
   * Puts into the batch what is still owed this purpose's e-mail: new cells not yet mailed (`new`; with
   * `failedWebhooksOnly`, only those whose webhook delivery failed for good), or overdue reminders of the
   * kind not yet mailed (`ack`, `act`) whose cell is still open. A batch that already holds cells (a
   * retried job) is left as it is, so a retry sends exactly what the first attempt would have.
   */
  claim(batch: MailBatch, opts: { failedWebhooksOnly: boolean }): Promise<void>;
  /** How many cells the batch holds, and the first `limit` of them in order. */
  batchCells(batchKey: string, limit: number): Promise<{ total: number; cells: BatchCell[] }>;
  /** Every cell of a batch (for acknowledge-all), with its incident. */
  batchMembers(batchKey: string): Promise<{ incidentId: string; itemId: string; platformKey: string }[]>;
  /** The e-mail of this batch to this contact: the stored one, or this new one stored now. */
  open(mail: MailRecord): Promise<MailRecord>;
  markSent(id: string, at: Date): Promise<void>;
  markAttempt(id: string, failed: boolean): Promise<void>;
  /** The Message-ID of the incident's first e-mail to this contact (other than `exceptId`), if any. */
  threadRoot(incidentId: string, contactId: string, exceptId: string): Promise<string | null>;
  /** The key that signs receipt links: created once and kept, so links survive restarts. */
  linkKey(): Promise<Buffer>;
  counts(): Promise<{ sent: number; failed: number }>;
}
