import { randomUUID } from 'node:crypto';
import type { IssueWarningDto } from '@hub/contracts';
import type { ContactRepository } from '../contacts/contact.model';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { DomainError, ERROR_CODES } from '../core/errors';
import { assertElectionVisible, canIssueWarning, canReadWarnings } from './election.access';
import type { WarningMailRecord, WarningRecord } from './election.model';
import type { ElectionStore, WarningMailQueue, WarningStore } from './election.ports';

/** The most warnings one list answers (newest first). */
export const WARNINGS_PER_LIST = 500;

/**
 * A participant warns the election's other participants (the parties' pledge: a deepfake of a candidate,
 * a forged ballot instruction). Every other participating organisation receives it: live on its members'
 * sockets, and by e-mail at its tier-1 contacts.
 */
export class IssueWarningUseCase {
  constructor(
    private readonly elections: ElectionStore,
    private readonly warnings: WarningStore,
    private readonly contacts: Pick<ContactRepository, 'forOrganisations'>,
    private readonly mail: WarningMailQueue,
    private readonly clock: Clock,
    /** The host part of the e-mails' Message-IDs. */
    private readonly messageIdHost: string,
  ) {}

  async execute(actor: Actor, electionId: string, command: IssueWarningDto): Promise<WarningRecord> {
    const election = await this.elections.find(electionId);
    assertElectionVisible(actor, election);
    if (!canIssueWarning(actor, election)) {
      throw new DomainError(
        ERROR_CODES.NOT_A_PARTICIPANT,
        `warnings of election ${election.name} are issued by its participating organisations' members`,
      );
    }
    const warning: WarningRecord = {
      id: randomUUID(),
      electionId: election.id,
      title: command.title.trim(),
      text: command.text,
      severity: command.severity ?? 'warning',
      organisationId: actor.organisationId,
      memberId: actor.memberId,
      recipients: election.participants.filter((id) => id !== actor.organisationId),
      createdAt: this.clock.now(),
      acknowledgements: [],
    };
    const mails: WarningMailRecord[] = this.mail.enabled
      ? (await this.contacts.forOrganisations(warning.recipients, [1], false)).map((c) => ({
          warningId: warning.id,
          contactId: c.id,
          organisationId: c.organisationId,
          name: c.name,
          email: c.email,
          messageId: `<${randomUUID()}@${this.messageIdHost}>`,
          status: 'sending',
          attempts: 0,
        }))
      : [];
    await this.warnings.insert(warning, mails);
    // The e-mails are owed from the commit on: a lost enqueue is found again by the worker's sweep.
    if (mails.length > 0) await this.mail.enqueue([warning.id]).catch(() => undefined);
    return warning;
  }
}

/** An election's warnings: for its participants and for coordinators. */
export class ListWarningsUseCase {
  constructor(
    private readonly elections: ElectionStore,
    private readonly warnings: WarningStore,
  ) {}

  async execute(actor: Actor, electionId: string): Promise<WarningRecord[]> {
    const election = await this.elections.find(electionId);
    assertElectionVisible(actor, election);
    if (!canReadWarnings(actor, election)) {
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        `warnings of election ${election.name} are read by its participants and coordinators`,
      );
    }
    return this.warnings.listByElection(election.id, WARNINGS_PER_LIST);
  }
}

/** A receiving organisation says it has seen a warning; saying it again changes nothing. */
export class AcknowledgeWarningUseCase {
  constructor(
    private readonly warnings: WarningStore,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, warningId: string): Promise<WarningRecord> {
    const warning = await this.warnings.find(warningId);
    if (!warning) throw new DomainError(ERROR_CODES.NOT_FOUND, 'warning not found');
    if (!warning.recipients.includes(actor.organisationId)) {
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        'a warning is acknowledged by the members of an organisation it was sent to',
      );
    }
    const at = this.clock.now();
    if (await this.warnings.acknowledge(warning, actor.organisationId, actor.memberId, at)) {
      warning.acknowledgements.push({ organisationId: actor.organisationId, memberId: actor.memberId, at });
      return warning;
    }
    return (await this.warnings.find(warningId)) ?? warning;
  }
}
