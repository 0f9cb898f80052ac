import { Module } from '@nestjs/common';
import { SendQuarantineMailsUseCase, type MailSender } from '@hub/domain';
import { PgQuarantineMailOutbox } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { MailModule } from '../mail/mail.module';
import { publicUrlOf } from '../mail/public-url';
import { CLOCK, HUB_CONFIG, MAIL_SENDER } from '../tokens';

/** Never used: without a mail server the worker sends no quarantine e-mail. */
const refusingSender: MailSender = {
  send: () => Promise.reject(new Error('no mail server configured (SMTP_URL)')),
};

const providers = [
  provide(
    SendQuarantineMailsUseCase,
    [DataSource, MAIL_SENDER, CLOCK, HUB_CONFIG],
    (db, sender, clock, config) =>
      new SendQuarantineMailsUseCase(
        new PgQuarantineMailOutbox(db),
        sender ?? refusingSender,
        clock,
        publicUrlOf(config),
      ),
  ),
];

/** The e-mail telling a bank's owner that one of its signals was quarantined, for the workers. */
@Module({ imports: [MailModule], providers, exports: providers.map((p) => p.provide) })
export class QuarantineMailModule {}
