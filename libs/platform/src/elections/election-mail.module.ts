import { Module } from '@nestjs/common';
import { SendWarningMailUseCase, type MailSender } from '@hub/domain';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { publicUrlOf } from '../mail/public-url';
import {
  CLOCK,
  ELECTION_STORE,
  HUB_CONFIG,
  IDENTITY_REPOSITORY,
  MAIL_SENDER,
  WARNING_MAIL_OUTBOX,
  WARNING_STORE,
} from '../tokens';
import { ElectionsModule } from './elections.module';

/** Never used: without a mail server no warning e-mail is owed, and the worker takes no such job. */
const refusingSender: MailSender = {
  send: () => Promise.reject(new Error('no mail server configured (SMTP_URL)')),
};

const providers = [
  provide(
    SendWarningMailUseCase,
    [WARNING_STORE, ELECTION_STORE, IDENTITY_REPOSITORY, WARNING_MAIL_OUTBOX, MAIL_SENDER, CLOCK, HUB_CONFIG],
    (warnings, elections, ids, outbox, sender, clock, config) =>
      new SendWarningMailUseCase(
        warnings,
        elections,
        ids,
        outbox,
        sender ?? refusingSender,
        clock,
        publicUrlOf(config),
      ),
  ),
];

/** The e-mail of election warnings, for the workers. */
@Module({
  imports: [ElectionsModule, MailModule, IdentityModule],
  providers,
  exports: [...providers.map((p) => p.provide), ElectionsModule],
})
export class ElectionMailModule {}
