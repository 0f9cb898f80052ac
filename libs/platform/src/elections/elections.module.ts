import { Module } from '@nestjs/common';
import {
  AcknowledgeWarningUseCase,
  CreateElectionUseCase,
  ElectionQueriesUseCase,
  ExtendElectionUseCase,
  IssueWarningUseCase,
  ListWarningsUseCase,
} from '@hub/domain';
import { PgElectionStore, PgWarningMailOutbox, PgWarningStore } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { ContactsModule } from '../contacts/contacts.module';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { publicUrlOf } from '../mail/public-url';
import { QueueFactory } from '../queues/queue.factory';
import {
  CLOCK,
  CONTACT_REPOSITORY,
  ELECTION_STORE,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  WARNING_MAIL_OUTBOX,
  WARNING_MAIL_QUEUE,
  WARNING_STORE,
} from '../tokens';
import { QueueWarningMail } from './queue-warning-mail';

const providers = [
  provide(ELECTION_STORE, [DataSource], (db) => new PgElectionStore(db)),
  provide(WARNING_STORE, [DataSource], (db) => new PgWarningStore(db)),
  provide(WARNING_MAIL_OUTBOX, [DataSource], (db) => new PgWarningMailOutbox(db)),
  provide(
    WARNING_MAIL_QUEUE,
    [QueueFactory, HUB_CONFIG],
    (queues, config) => new QueueWarningMail(queues, Boolean(config.SMTP_URL), config.HUB_WEBHOOK_BACKOFF_MS),
  ),
  provide(
    CreateElectionUseCase,
    [ELECTION_STORE, IDENTITY_REPOSITORY, CLOCK],
    (elections, ids, clock) => new CreateElectionUseCase(elections, ids, clock),
  ),
  provide(
    ElectionQueriesUseCase,
    [ELECTION_STORE, CLOCK],
    (elections, clock) => new ElectionQueriesUseCase(elections, clock),
  ),
  provide(
    ExtendElectionUseCase,
    [ELECTION_STORE, CLOCK],
    (elections, clock) => new ExtendElectionUseCase(elections, clock),
  ),
  provide(
    IssueWarningUseCase,
    [ELECTION_STORE, WARNING_STORE, CONTACT_REPOSITORY, WARNING_MAIL_QUEUE, CLOCK, HUB_CONFIG],
    (elections, warnings, contacts, mail, clock, config) =>
      new IssueWarningUseCase(
        elections,
        warnings,
        contacts,
        mail,
        clock,
        new URL(publicUrlOf(config)).hostname || 'crisis-hub',
      ),
  ),
  provide(
    ListWarningsUseCase,
    [ELECTION_STORE, WARNING_STORE],
    (elections, warnings) => new ListWarningsUseCase(elections, warnings),
  ),
  provide(
    AcknowledgeWarningUseCase,
    [WARNING_STORE, CLOCK],
    (warnings, clock) => new AcknowledgeWarningUseCase(warnings, clock),
  ),
];

/**
 * Elections: windows of at most 90 days, extended with a recorded reason, their participants, and the
 * warnings participants send each other.
 */
@Module({ imports: [IdentityModule, ContactsModule], providers, exports: providers.map((p) => p.provide) })
export class ElectionsModule {}
