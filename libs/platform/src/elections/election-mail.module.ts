import { Module } from '@nestjs/common';
import { SendWarningMailUseCase } from '@hub/domain';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { MailModule, refusingSender } from '../mail/mail.module';
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
