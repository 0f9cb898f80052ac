import { CELL_STATUSES, type CellStatus } from '@hub/contracts';
import type { Language, MessageKey } from '@hub/i18n';
import type { ContactRecord, ContactRepository } from '../contacts';
import { DomainError, ERROR_CODES } from '../core/errors';
import { ACKNOWLEDGING_STATUSES, canTransition, isOpenForWork, requiresReason } from '../incidents';
import type { CellRecord, IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import type { UpdateContainmentUseCase } from '../incidents/update-containment.use-case';
import type { MailOutbox } from './mail.ports';
import { LinkRefused, verifyLink, type ReceiptLink } from './receipt-link';

/** The answers a receipt page offers: acknowledge, the outcomes, and cannot comply. */
const ANSWERS: readonly CellStatus[] = ACKNOWLEDGING_STATUSES;

const answersFor = (from: CellStatus) =>
  ANSWERS.filter((s) => canTransition(from, s)).map((status) => ({
    status,
    reasonRequired: requiresReason(status),
  }));

/** What a receipt page shows: one cell, or a batch (acknowledge all), in the language of its e-mail. */
export type ReceiptPage = { language: Language } & (
  | {
      kind: 'cell';
      incident: IncidentRecord;
      contact: ContactRecord;
      item: ItemRecord;
      cell: CellRecord;
      /** The statuses this cell may move to now, each with whether it needs a reason. */
      answers: { status: CellStatus; reasonRequired: boolean }[];
    }
  | {
      kind: 'batch';
      incident: IncidentRecord;
      contact: ContactRecord;
      platformKey: string;
      total: number;
      /** Cells of the batch still waiting for an acknowledgement. */
      waiting: number;
    }
);

/**
 * One-click receipts: a signed link mailed to a contact shows its cell (GET: nothing changes) and records
 * the contact's answer (POST) through the same use case as a liaison's, attributed to the contact.
 */
export class ReceiptUseCases {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
    private readonly contacts: ContactRepository,
    private readonly outbox: MailOutbox,
    private readonly update: UpdateContainmentUseCase,
    private readonly clock: Clock,
  ) {}

  async show(token: string): Promise<ReceiptPage> {
    const { link, contact } = await this.verify(token);
    return this.page(link, contact);
  }

  /** Records the answer; answers the page after it and how many cells moved. */
  async record(
    token: string,
    status: string,
    reason: string | undefined,
  ): Promise<{ page: ReceiptPage; moved: number }> {
    const { link, contact } = await this.verify(token);
    const page = await this.page(link, contact);
    if (!(CELL_STATUSES as readonly string[]).includes(status) || !ANSWERS.includes(status as CellStatus)) {
      throw new DomainError(ERROR_CODES.VALIDATION_FAILED, `status: must be one of ${ANSWERS.join(', ')}`, [
        { field: 'status', message: `must be one of ${ANSWERS.join(', ')}` },
      ]);
    }
    const receipt = { contactId: contact.id, organisationId: contact.organisationId };
    if (page.kind === 'cell') {
      const [moved] = await this.update.executeForContact(
        receipt,
        page.incident.id,
        [
          {
            incidentId: page.incident.id,
            itemId: page.cell.itemId,
            platformKey: page.cell.platformKey,
            status: status as CellStatus,
            reason,
          },
        ],
        { skipIllegal: false },
      );
      // The page after the answer: the moved cell, with the answers still open to it (none once acted).
      const answers = moved.cell.actedAt ? [] : answersFor(moved.cell.status);
      return { page: { ...page, cell: moved.cell, answers }, moved: 1 };
    }
    if (status !== 'acknowledged') {
      throw new DomainError(ERROR_CODES.VALIDATION_FAILED, 'status: a whole batch can only be acknowledged', [
        { field: 'status', message: 'a whole batch can only be acknowledged' },
      ]);
    }
    const members = await this.outbox.batchMembers(
      (link as Extract<ReceiptLink, { kind: 'batch' }>).batchKey,
    );
    const moved = await this.update.executeForContact(
      receipt,
      page.incident.id,
      members.map((m) => ({
        incidentId: m.incidentId,
        itemId: m.itemId,
        platformKey: m.platformKey,
        status: 'acknowledged' as const,
      })),
      { skipIllegal: true },
    );
    return { page: await this.page(link, contact), moved: moved.length };
  }

  private async verify(token: string): Promise<{ link: ReceiptLink; contact: ContactRecord }> {
    const link = verifyLink(await this.outbox.linkKey(), token, this.clock.now());
    const contact = await this.contacts.find(link.contactId);
    if (!contact) throw new LinkRefused('gone', { key: 'receipt.refusal.contactRemoved' });
    return { link, contact };
  }

  private async page(link: ReceiptLink, contact: ContactRecord): Promise<ReceiptPage> {
    const org = await this.identities.findOrganisation(contact.organisationId);
    if (org && !org.active) {
      throw new LinkRefused('gone', {
        key: 'receipt.refusal.organisationDeactivated',
        values: { organisation: org.name },
      });
    }
    if (link.kind === 'cell') {
      if (!org || org.platformKey !== link.platformKey)
        throw new LinkRefused('gone', { key: 'receipt.refusal.otherPlatform' });
      const incident = await this.openIncident(link.incidentId, link);
      const found = await this.queries.itemWithCells(link.incidentId, link.itemId);
      const cell = found?.cells.find((c) => c.platformKey === link.platformKey);
      if (!found || !cell) throw new LinkRefused('gone', { key: 'receipt.refusal.itemGone' });
      if (cell.actedAt) {
        throw new LinkRefused('closed', {
          key: 'receipt.refusal.itemClosed',
          values: {
            platform: cell.platformKey,
            status: { message: `cellStatus.${cell.status}` as MessageKey },
          },
        });
      }
      return {
        kind: 'cell',
        language: link.language ?? 'en',
        incident,
        contact,
        item: found.item,
        cell,
        answers: answersFor(cell.status),
      };
    }
    const members = await this.outbox.batchMembers(link.batchKey);
    if (members.length === 0) throw new LinkRefused('gone', { key: 'receipt.refusal.itemsGone' });
    if (!org || members.some((m) => m.platformKey !== org.platformKey)) {
      throw new LinkRefused('gone', { key: 'receipt.refusal.otherPlatform' });
    }
    const incident = await this.openIncident(members[0].incidentId, link);
    const cells = await this.queries.cells(incident.id);
    const inBatch = new Set(members.map((m) => `${m.itemId}:${m.platformKey}`));
    const waiting = cells.filter(
      (c) => inBatch.has(`${c.itemId}:${c.platformKey}`) && canTransition(c.status, 'acknowledged'),
    ).length;
    return {
      kind: 'batch',
      language: link.language ?? 'en',
      incident,
      contact,
      platformKey: members[0].platformKey,
      total: members.length,
      waiting,
    };
  }

  private async openIncident(id: string, link: ReceiptLink): Promise<IncidentRecord> {
    const incident = await this.incidents.find(id);
    if (!incident) throw new LinkRefused('gone', { key: 'receipt.refusal.incidentGone' });
    if (link.exercise !== (incident.mode === 'exercise')) {
      throw new LinkRefused('mode', { key: 'receipt.refusal.mode' });
    }
    if (!isOpenForWork(incident.status)) {
      throw new LinkRefused('closed', {
        key: 'receipt.refusal.incidentClosed',
        values: {
          ref: incident.ref,
          status: { message: `incidentStatus.${incident.status}` as MessageKey },
        },
      });
    }
    return incident;
  }
}
