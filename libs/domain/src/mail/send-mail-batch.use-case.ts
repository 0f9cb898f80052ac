import { randomUUID } from 'node:crypto';
import type { MailJob } from '@hub/contracts';
import type { ContactRecord, ContactRepository } from '../contacts';
import { tiersFor } from '../escalation';
import { canTransition } from '../incidents';
import { SYSTEM_ACTOR, type IncidentRecord, type NewEvent } from '../model';
import type { Clock, IdentityRepository, IncidentStore } from '../ports';
import type { ProtocolSet } from '../protocols';
import { composeMail, ITEMS_PER_MAIL } from './mail.compose';
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
    const tiers = tiersFor(this.ladders(incident), incident.level, job.purpose);
    const recipients = await this.contacts.forPlatform(job.platformKey, tiers, incident.mode === 'exercise');
    if (recipients.length === 0) {
      // Only the first step says so: later steps without a contact leave the platform reached as it was.
      if (job.purpose !== 'new') return 'no-contact';
      await this.recordOnce(incident.id, `mail:${batch.key}:none`, 'failed', [
        this.mailEvent('delivery.failed', batch, null, {
          tiers,
          itemCount: total,
          reason: `no ${incident.mode === 'exercise' ? 'exercise ' : ''}contact at tier ${tiers.join(', ')}`,
        }),
      ]);
      return 'no-contact';
    }
    const key = await this.outbox.linkKey();
    let failure: unknown;
    const reached: ContactRecord[] = [];
    for (const contact of recipients) {
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
        reached.push(contact);
        continue;
      }
      if (mail.status === 'failed') continue;
      try {
        await this.sendOne(incident, batch, mail, contact, total, cells, key);
        reached.push(contact);
      } catch (error) {
        await this.outbox.markAttempt(mail.id, attempt.last);
        if (attempt.last) {
          await this.recordOnce(incident.id, `mail:${mail.id}`, 'failed', [
            this.mailEvent('delivery.failed', batch, mail, {
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

  private ladders(incident: IncidentRecord) {
    const set = this.protocols();
    return set.has(incident.protocol) ? set.get(incident.protocol).escalation : undefined;
  }

  private async sendOne(
    incident: IncidentRecord,
    batch: MailBatch,
    mail: MailRecord,
    contact: ContactRecord,
    total: number,
    cells: BatchCell[],
    key: Buffer,
  ): Promise<void> {
    const now = this.clock.now();
    const exercise = incident.mode === 'exercise';
    const url = (token: string) => `${this.settings.publicUrl.replace(/\/$/, '')}/r/${token}`;
    const expiries = cells.map((c) => linkExpiry(c, now));
    const batchExpiry = new Date(Math.max(now.getTime() + 86_400_000, ...expiries.map((d) => d.getTime())));
    const content = composeMail({
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
        }),
      ),
    });
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
      if (batch.purpose === 'new') {
        for (const cell of cells) {
          if (canTransition(cell.status, 'notified'))
            await tx.markNotified(cell.itemId, cell.platformKey, now);
        }
      }
      await tx.append([
        this.mailEvent('delivery.succeeded', batch, mail, {
          contactId: contact.id,
          tier: contact.tier,
          itemCount: total,
          itemIds: cells.map((c) => c.itemId),
          messageId: mail.messageId,
          attempt: mail.attempts + 1,
        }),
      ]);
    });
  }

  /** One `escalation.sent` per cell of the batch, naming the contacts reached. */
  private async recordEscalation(
    incident: IncidentRecord,
    batch: MailBatch,
    reached: ContactRecord[],
  ): Promise<void> {
    const members = await this.outbox.batchMembers(batch.key);
    const tiers = [...new Set(reached.map((c) => c.tier))].sort();
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
          tier: Math.min(...tiers),
          tiers,
          step: batch.purpose === 'new' ? 'share' : batch.purpose === 'ack' ? 'ack_overdue' : 'act_overdue',
          channel: CHANNEL,
          contactIds: reached.map((c) => c.id),
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
