import { Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import {
  ReceiptUseCases,
  SendMailBatchUseCase,
  UpdateContainmentUseCase,
  type MailSender,
} from '@hub/domain';
import { PgMailOutbox } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { ContactsModule } from '../contacts/contacts.module';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { IncidentsModule } from '../incidents/incidents.module';
import {
  CLOCK,
  CONTACT_REPOSITORY,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  INCIDENT_QUERIES,
  INCIDENT_STORE,
  MAIL_OUTBOX,
  MAIL_SENDER,
  PROTOCOLS,
} from '../tokens';
import { SmtpMailSender } from './smtp-mail.sender';

import { publicUrlOf } from './public-url';

export { publicUrlOf };

const providers = [
  provide(
    MAIL_OUTBOX,
    [DataSource, HUB_CONFIG],
    (db, config) => new PgMailOutbox(db, config.HUB_LINK_SECRET),
  ),
  provide(MAIL_SENDER, [HUB_CONFIG], (config): MailSender | null =>
    config.SMTP_URL ? new SmtpMailSender(config.SMTP_URL, config.HUB_MAIL_FROM) : null,
  ),
  provide(
    SendMailBatchUseCase,
    [
      INCIDENT_STORE,
      IDENTITY_REPOSITORY,
      CONTACT_REPOSITORY,
      MAIL_OUTBOX,
      MAIL_SENDER,
      PROTOCOLS,
      CLOCK,
      HUB_CONFIG,
    ],
    (store, ids, contacts, outbox, sender, protocols, clock, config) =>
      new SendMailBatchUseCase(store, ids, contacts, outbox, sender ?? refusingSender, protocols, clock, {
        publicUrl: publicUrlOf(config),
        messageIdHost: new URL(publicUrlOf(config)).hostname || 'crisis-hub',
      }),
  ),
  provide(
    ReceiptUseCases,
    [
      INCIDENT_STORE,
      INCIDENT_QUERIES,
      IDENTITY_REPOSITORY,
      CONTACT_REPOSITORY,
      MAIL_OUTBOX,
      UpdateContainmentUseCase,
      CLOCK,
    ],
    (store, queries, ids, contacts, outbox, update, clock) =>
      new ReceiptUseCases(store, queries, ids, contacts, outbox, update, clock),
  ),
];

/**
 * Never used: with no mail server the relay plans no e-mail, and the workers send none (warnings,
 * quarantines). Stands in where a use case needs a sender all the same.
 */
export const refusingSender: MailSender = {
  send: () => Promise.reject(new Error('no mail server configured (SMTP_URL)')),
};

/** E-mail to contact points: batches, the outbox, the SMTP sender and one-click receipts. */
@Module({
  imports: [IncidentsModule, IdentityModule, ContactsModule],
  providers,
  exports: [MAIL_OUTBOX, MAIL_SENDER, SendMailBatchUseCase, ReceiptUseCases],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_SENDER) private readonly sender: MailSender | null) {}

  onApplicationShutdown(): void {
    if (this.sender instanceof SmtpMailSender) this.sender.close();
  }
}
