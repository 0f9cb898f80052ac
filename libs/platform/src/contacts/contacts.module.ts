import { Module } from '@nestjs/common';
import { CreateContactUseCase, DeleteContactUseCase, ListContactsUseCase } from '@hub/domain';
import { PgContactRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { CLOCK, CONTACT_REPOSITORY, IDENTITY_REPOSITORY } from '../tokens';

const providers = [
  provide(CONTACT_REPOSITORY, [DataSource], (db) => new PgContactRepository(db)),
  provide(
    CreateContactUseCase,
    [CONTACT_REPOSITORY, IDENTITY_REPOSITORY, CLOCK],
    (contacts, ids, clock) => new CreateContactUseCase(contacts, ids, clock),
  ),
  provide(
    ListContactsUseCase,
    [CONTACT_REPOSITORY, IDENTITY_REPOSITORY],
    (contacts, ids) => new ListContactsUseCase(contacts, ids),
  ),
  provide(DeleteContactUseCase, [CONTACT_REPOSITORY], (contacts) => new DeleteContactUseCase(contacts)),
];

/** Contact points: the people a platform without an integration is reached at by e-mail. */
@Module({ imports: [IdentityModule], providers, exports: providers.map((p) => p.provide) })
export class ContactsModule {}
