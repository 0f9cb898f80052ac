import { Module } from '@nestjs/common';
import { SendQuarantineMailsUseCase } from '@hub/domain';
import { PgQuarantineMailOutbox } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { MailModule, refusingSender } from '../mail/mail.module';
import { publicUrlOf } from '../mail/public-url';
import { CLOCK, HUB_CONFIG, MAIL_SENDER } from '../tokens';

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
