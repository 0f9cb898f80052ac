import { randomUUID } from 'node:crypto';
import type { CreateContactDto } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { ContactRecord, ContactRepository } from './contact.model';

/** An admin adds a contact point to an organisation. */
export class CreateContactUseCase {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async execute(organisationId: string, command: CreateContactDto): Promise<ContactRecord> {
    const org = await this.identities.findOrganisation(organisationId);
    if (!org) throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    const contact: ContactRecord = {
      id: randomUUID(),
      organisationId,
      name: command.name.trim(),
      email: command.email.trim().toLowerCase(),
      tier: command.tier,
      languages: [...new Set(command.languages ?? [])],
      exercise: command.exercise ?? false,
      createdAt: this.clock.now(),
    };
    await this.contacts.insert(contact);
    return contact;
  }
}

/** An organisation's contact points: for admins and the organisation's own members. */
export class ListContactsUseCase {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly identities: IdentityRepository,
  ) {}

  async execute(actor: Actor, organisationId: string): Promise<ContactRecord[]> {
    if (actor.role !== 'admin' && actor.organisationId !== organisationId) {
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    }
    if (!(await this.identities.findOrganisation(organisationId))) {
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'organisation not found');
    }
    return this.contacts.listByOrganisation(organisationId);
  }
}

/** An admin removes a contact point; links already mailed to it stop working. */
export class DeleteContactUseCase {
  constructor(private readonly contacts: ContactRepository) {}

  async execute(id: string): Promise<void> {
    if (!(await this.contacts.delete(id))) throw new DomainError(ERROR_CODES.NOT_FOUND, 'contact not found');
  }
}
