import { randomUUID } from 'node:crypto';
import { firstSupported, type Language } from '@hub/i18n';
import type { MailJob } from '@hub/contracts';
import type { ContactRecord, ContactRepository } from '../contacts';
import { notifiesCoordinator, tiersFor } from '../escalation';
import { canTransition } from '../incidents';
import { SYSTEM_ACTOR } from '../core/actor';
import { type IncidentRecord } from '../incidents/incident.model';
import { type NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore } from '../incidents/incident.ports';
import type { ProtocolSet } from '../protocols';
import { composeCoordinatorMail, composeMail, ITEMS_PER_MAIL } from './mail.compose';
import { mailBatchKey } from './mail.plan';
import type { BatchCell, MailBatch, MailOutbox, MailRecord, MailSender } from './mail.ports';
import { linkExpiry, signLink } from './receipt-link';

export type MailBatchOutcome = 'sent' | 'nothing' | 'no-contact' | 'skipped';

export interface MailSettings {
  /** The base of links in e-mails (`HUB_PUBLIC_URL`). */
  publicUrl: string;
  /** The host part of Message-IDs. */
  messageIdHost: string;
}

/** Who an e-mail of a batch goes to: a contact of the platform, or of the incident's coordinator. */
interface Recipient {
  contact: ContactRecord;
  coordinator: boolean;
}

/** The `channel` of this feature's lines in the log, beside the webhooks' (which carry none). */
const CHANNEL = 'email';

/**
 * Sends one batch: every contact at the ladder's tiers for the purpose gets one e-mail listing the batch's
 * cells (the first ones; the rest summarised), each with its receipt link, and one link for all. The outbox
 * makes it idempotent per (batch, contact): a contact whose e-mail the server accepted is not mailed again
 * by a retry. Each e-mail is a line in the incident log (`delivery.succeeded` or, when retries are spent,
 * `delivery.failed`, with `channel: 'email'`), and each cell reached an `escalation.sent`.
 */
export class SendMailBatchUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly contacts: ContactRepository,
    private readonly outbox: MailOutbox,
    private readonly sender: MailSender,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
    private readonly settings: MailSettings,
  ) {}

  async execute(job: MailJob, attempt: { last: boolean }): Promise<MailBatchOutcome> {
    const incident = await this.incidents.find(job.incidentId);
    const [platform] = await this.identities.findPlatforms([job.platformKey]);
    // A simulated platform (an exercise's cast member no organisation plays) has nobody to mail, and a
    // deactivated one gets no deliveries.
    if (!incident || !platform || platform.simulated || !platform.active) return 'skipped';
    const batch: MailBatch = {
      key: mailBatchKey(job),
      incidentId: job.incidentId,
      platformKey: job.platformKey,
      purpose: job.purpose,
    };
    const hooked = incident.mode === 'exercise' ? platform.exerciseWebhookUrl : platform.webhookUrl;
    await this.outbox.claim(batch, { failedWebhooksOnly: job.purpose === 'new' && hooked !== null });
    const { total, cells } = await this.outbox.batchCells(batch.key, ITEMS_PER_MAIL);
    if (total === 0) return 'nothing';
    const ladders = this.ladders(incident);
    const tiers = tiersFor(ladders, incident.level, job.purpose);
    const exercise = incident.mode === 'exercise';
    const platformContacts = await this.contacts.forPlatform(job.platformKey, tiers, exercise);
    const coordinatorContacts = notifiesCoordinator(ladders, incident.level, job.purpose)
      ? await this.coordinatorContacts(incident)
      : [];
    if (platformContacts.length === 0) {
      // Only the first step says so: later steps without a contact leave the platform reached as it was.
      if (job.purpose === 'new') {
        await this.recordOnce(incident.id, `mail:${batch.key}:none`, 'failed', [
          this.mailEvent('delivery.failed', batch, null, {
            tiers,
            itemCount: total,
            reason: `no ${exercise ? 'exercise ' : ''}contact at tier ${tiers.join(', ')}`,
          }),
        ]);
      }
      if (coordinatorContacts.length === 0) return 'no-contact';
    }
    const recipients: Recipient[] = [
      ...platformContacts.map((contact) => ({ contact, coordinator: false })),
      ...coordinatorContacts.map((contact) => ({ contact, coordinator: true })),
    ];
    const key = await this.outbox.linkKey();
    let failure: unknown;
    const reached: Recipient[] = [];
    for (const recipient of recipients) {
      const { contact } = recipient;
      const mail = await this.outbox.open({
        id: randomUUID(),
        batchKey: batch.key,
        contactId: contact.id,
        incidentId: incident.id,
        platformKey: job.platformKey,
        purpose: job.purpose,
        tier: contact.tier,
        messageId: `<${randomUUID()}@${this.settings.messageIdHost}>`,
        status: 'sending',
        attempts: 0,
      });
      if (mail.status === 'sent') {
        reached.push(recipient);
        continue;
      }
      if (mail.status === 'failed') continue;
      try {
        await this.sendOne(incident, batch, mail, recipient, total, cells, key);
        reached.push(recipient);
      } catch (error) {
        await this.outbox.markAttempt(mail.id, attempt.last);
        if (attempt.last) {
          await this.recordOnce(incident.id, `mail:${mail.id}`, 'failed', [
            this.mailEvent('delivery.failed', batch, mail, {
              contactId: contact.id,
              ...(recipient.coordinator
                ? { recipient: 'coordinator', organisationId: contact.organisationId }
                : {}),
              itemCount: total,
              attempts: mail.attempts + 1,
              reason: (error as Error).message.slice(0, 200),
            }),
          ]);
        }
        failure ??= error;
      }
    }
    // Recorded once every contact was tried for good, so the event names all of those reached.
    if (reached.length > 0 && (!failure || attempt.last))
      await this.recordEscalation(incident, batch, reached);
    // Contacts already mailed are skipped by the retry: only the others are tried again.
    if (failure && !attempt.last) throw failure;
    return 'sent';
  }

  /**
   * The tier-1 contacts (live or exercise, as the incident) of the incident's coordinating organisations:
   * its active participants of kind coordinator.
   */
  private async coordinatorContacts(incident: IncidentRecord): Promise<ContactRecord[]> {
    const organisations = await this.identities.findOrganisations(incident.participants);
    const coordinators = organisations.filter((o) => o.kind === 'coordinator' && o.active).map((o) => o.id);
    return this.contacts.forOrganisations(coordinators, [1], incident.mode === 'exercise');
  }

  private ladders(incident: IncidentRecord) {
    const set = this.protocols();
    return set.has(incident.protocol) ? set.get(incident.protocol).escalation : undefined;
  }

  private async sendOne(
    incident: IncidentRecord,
    batch: MailBatch,
    mail: MailRecord,
    recipient: Recipient,
    total: number,
    cells: BatchCell[],
    key: Buffer,
  ): Promise<void> {
    const now = this.clock.now();
    const { contact } = recipient;
    // Each contact reads the first of its languages the hub has (else English); its links say which, so
    // the receipt page answers in the e-mail's language.
    const language = firstSupported(contact.languages);
    const content = recipient.coordinator
      ? this.coordinatorContent(incident, batch, contact, total, cells, now, language)
      : this.platformContent(incident, batch, contact, total, cells, key, now, language);
    const root = await this.outbox.threadRoot(incident.id, contact.id, mail.id);
    await this.sender.send({
      to: { name: contact.name, address: contact.email },
      ...content,
      messageId: mail.messageId,
      ...(root ? { inReplyTo: root } : {}),
    });
    await this.outbox.markSent(mail.id, now);
    await this.incidents.withIncident(incident.id, async (tx) => {
      if (!(await tx.claimDelivery(`mail:${mail.id}`, 'succeeded'))) return;
      // A coordinator's e-mail tells the platform nothing: its cells stay as they are.
      if (batch.purpose === 'new' && !recipient.coordinator) {
        for (const cell of cells) {
          if (canTransition(cell.status, 'notified'))
            await tx.markNotified(cell.itemId, cell.platformKey, now);
        }
      }
      await tx.append([
        this.mailEvent('delivery.succeeded', batch, mail, {
          contactId: contact.id,
          tier: contact.tier,
          ...(recipient.coordinator
            ? { recipient: 'coordinator', organisationId: contact.organisationId }
            : {}),
          itemCount: total,
          itemIds: cells.map((c) => c.itemId),
          messageId: mail.messageId,
          attempt: mail.attempts + 1,
        }),
      ]);
    });
  }

  /** What the incident's coordinator reads: the platform, the items and how late, and the incident's page. */
  private coordinatorContent(
    incident: IncidentRecord,
    batch: MailBatch,
    contact: ContactRecord,
    total: number,
    cells: BatchCell[],
    now: Date,
    language: Language,
  ) {
    const speed = incident.clockSpeed ?? 1;
    const dueOf = (c: BatchCell) =>
      batch.purpose === 'ack' ? c.ackDueAt : batch.purpose === 'act' ? c.actionDueAt : null;
    return composeCoordinatorMail({
      incident,
      platformKey: batch.platformKey,
      purpose: batch.purpose,
      contactName: contact.name,
      total,
      cells: cells.map((cell) => {
        const due = dueOf(cell);
        return {
          cell,
          minutesLate: due
            ? Math.max(0, Math.round(((now.getTime() - due.getTime()) * speed) / 60_000))
            : null,
        };
      }),
      incidentLink: `${this.settings.publicUrl.replace(/\/$/, '')}/#/incidents/${incident.id}`,
      language,
    });
  }

  /** What the platform's contact reads: the items, each with its receipt link, and one link for all. */
  private platformContent(
    incident: IncidentRecord,
    batch: MailBatch,
    contact: ContactRecord,
    total: number,
    cells: BatchCell[],
    key: Buffer,
    now: Date,
    language: Language,
  ) {
    const exercise = incident.mode === 'exercise';
    const url = (token: string) => `${this.settings.publicUrl.replace(/\/$/, '')}/r/${token}`;
    const expiries = cells.map((c) => linkExpiry(c, now));
    const batchExpiry = new Date(Math.max(now.getTime() + 86_400_000, ...expiries.map((d) => d.getTime())));
    return composeMail({
      incident,
      platformKey: batch.platformKey,
      purpose: batch.purpose,
      tier: contact.tier,
      contactName: contact.name,
      total,
      cells: cells.map((cell, i) => ({
        cell,
        link: url(
          signLink(key, {
            kind: 'cell',
            incidentId: incident.id,
            itemId: cell.itemId,
            platformKey: cell.platformKey,
            contactId: contact.id,
            exercise,
            expiresAt: expiries[i],
            language,
          }),
        ),
      })),
      batchLink: url(
        signLink(key, {
          kind: 'batch',
          batchKey: batch.key,
          contactId: contact.id,
          exercise,
          expiresAt: batchExpiry,
          language,
        }),
      ),
      language,
    });
  }

  /**
   * One `escalation.sent` per cell of the batch, naming the platform's contacts reached and, when the step
   * tells the coordinator, the coordinator's (`coordinatorContactIds`).
   */
  private async recordEscalation(
    incident: IncidentRecord,
    batch: MailBatch,
    reached: Recipient[],
  ): Promise<void> {
    const members = await this.outbox.batchMembers(batch.key);
    const platform = reached.filter((r) => !r.coordinator).map((r) => r.contact);
    const coordinator = reached.filter((r) => r.coordinator).map((r) => r.contact);
    const tiers = [...new Set(platform.map((c) => c.tier))].sort();
    await this.recordOnce(
      incident.id,
      `escalation:${batch.key}`,
      'succeeded',
      members.map((m) => ({
        type: 'escalation.sent',
        actor: SYSTEM_ACTOR,
        data: {
          itemId: m.itemId,
          platformKey: m.platformKey,
          tier: tiers.length > 0 ? Math.min(...tiers) : null,
          tiers,
          step: batch.purpose === 'new' ? 'share' : batch.purpose === 'ack' ? 'ack_overdue' : 'act_overdue',
          channel: CHANNEL,
          contactIds: platform.map((c) => c.id),
          ...(coordinator.length > 0 ? { coordinatorContactIds: coordinator.map((c) => c.id) } : {}),
        },
      })),
    );
  }

  private mailEvent(
    type: 'delivery.succeeded' | 'delivery.failed',
    batch: MailBatch,
    mail: MailRecord | null,
    detail: Record<string, unknown>,
  ): NewEvent {
    return {
      type,
      actor: SYSTEM_ACTOR,
      data: {
        deliveryId: mail ? `mail:${mail.id}` : `mail:${batch.key}`,
        channel: CHANNEL,
        batch: batch.key,
        platformKey: batch.platformKey,
        purpose: batch.purpose,
        ...detail,
      },
    };
  }

  /** Events appended once: their key is claimed (in `deliveries`) in the same transaction. */
  private async recordOnce(
    incidentId: string,
    claimKey: string,
    outcome: 'succeeded' | 'failed',
    events: NewEvent[],
  ): Promise<void> {
    await this.incidents.withIncident(incidentId, async (tx) => {
      if (!(await tx.claimDelivery(claimKey, outcome))) return;
      await tx.append(events);
    });
  }
}
