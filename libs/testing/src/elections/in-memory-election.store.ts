import type {
  ContactRecord,
  ContactRepository,
  ElectionExtensionRecord,
  ElectionFilter,
  ElectionRecord,
  ElectionStore,
  MailSender,
  OutgoingMail,
  WarningMailOutbox,
  WarningMailQueue,
  WarningMailRecord,
  WarningRecord,
  WarningStore,
} from '@hub/domain';
import { electionStatus } from '@hub/domain';

const copy = <T>(value: T): T => structuredClone(value);

/** Elections in memory, for unit specs of the domain. */
export class InMemoryElectionStore implements ElectionStore {
  readonly elections = new Map<string, ElectionRecord>();

  async insert(election: ElectionRecord): Promise<void> {
    this.elections.set(election.id, copy(election));
  }
  async find(id: string): Promise<ElectionRecord | null> {
    const found = this.elections.get(id);
    return found ? copy(found) : null;
  }
  async list(filter: ElectionFilter): Promise<ElectionRecord[]> {
    return [...this.elections.values()]
      .filter((e) => !filter.participant || e.participants.includes(filter.participant))
      .filter((e) => !filter.status || electionStatus(e, filter.now) === filter.status)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit)
      .map(copy);
  }
  async extend(x: ElectionExtensionRecord): Promise<boolean> {
    const election = this.elections.get(x.electionId);
    if (!election || election.activeUntil.getTime() !== x.previousUntil.getTime()) return false;
    election.activeUntil = x.until;
    election.extensions.push(copy(x));
    return true;
  }
}

/** Warnings and their e-mail outbox in memory; `told` records what a commit would have notified. */
export class InMemoryWarningStore implements WarningStore, WarningMailOutbox {
  readonly warnings = new Map<string, WarningRecord>();
  readonly mails: WarningMailRecord[] = [];
  readonly told: { kind: 'issued' | 'acknowledged'; warningId: string; organisationId?: string }[] = [];

  async insert(warning: WarningRecord, mails: WarningMailRecord[]): Promise<void> {
    this.warnings.set(warning.id, copy(warning));
    this.mails.push(...mails.map(copy));
    this.told.push({ kind: 'issued', warningId: warning.id });
  }
  async find(id: string): Promise<WarningRecord | null> {
    const found = this.warnings.get(id);
    return found ? copy(found) : null;
  }
  async listByElection(electionId: string, limit: number): Promise<WarningRecord[]> {
    return [...this.warnings.values()]
      .filter((w) => w.electionId === electionId)
      .reverse()
      .slice(0, limit)
      .map(copy);
  }
  async acknowledge(w: WarningRecord, organisationId: string, memberId: string, at: Date): Promise<boolean> {
    const stored = this.warnings.get(w.id)!;
    if (stored.acknowledgements.some((a) => a.organisationId === organisationId)) return false;
    stored.acknowledgements.push({ organisationId, memberId, at });
    this.told.push({ kind: 'acknowledged', warningId: w.id, organisationId });
    return true;
  }
  async pending(warningId: string): Promise<WarningMailRecord[]> {
    return this.mails.filter((m) => m.warningId === warningId && m.status === 'sending').map(copy);
  }
  async markSent(warningId: string, contactId: string): Promise<void> {
    const mail = this.mails.find((m) => m.warningId === warningId && m.contactId === contactId)!;
    mail.status = 'sent';
    mail.attempts++;
  }
  async markAttempt(warningId: string, contactId: string, failed: boolean): Promise<void> {
    const mail = this.mails.find((m) => m.warningId === warningId && m.contactId === contactId)!;
    mail.attempts++;
    if (failed) mail.status = 'failed';
  }
  async stalled(): Promise<string[]> {
    return [...new Set(this.mails.filter((m) => m.status === 'sending').map((m) => m.warningId))];
  }
}

/** A queue that only records what was put on it. */
export class RecordingWarningMailQueue implements WarningMailQueue {
  readonly enqueued: string[] = [];
  constructor(readonly enabled = true) {}
  async enqueue(ids: string[]): Promise<void> {
    this.enqueued.push(...ids);
  }
}

/** Contacts in memory (only what warnings read). */
export class InMemoryContacts implements Pick<ContactRepository, 'forOrganisations'> {
  constructor(readonly contacts: ContactRecord[] = []) {}
  async forOrganisations(ids: readonly string[], tiers: readonly number[], exercise: boolean) {
    return this.contacts.filter(
      (c) => ids.includes(c.organisationId) && tiers.includes(c.tier) && c.exercise === exercise,
    );
  }
}

/** A mail server in memory: accepts, or refuses the next `refuse` messages. */
export class InMemoryMailSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  refuse = 0;
  async send(mail: OutgoingMail): Promise<void> {
    if (this.refuse > 0) {
      this.refuse--;
      throw new Error('451 try again later');
    }
    this.sent.push(mail);
  }
}
