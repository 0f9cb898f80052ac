import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SendQuarantineMailsUseCase } from '@hub/domain';
import { HUB_CONFIG, type HubConfig } from '@hub/platform';

/** How often the outbox of quarantine e-mails is read: a quarantine is told within seconds. */
const EVERY_MS = 2_000;

/**
 * Tells a bank's owner that a signal of theirs was quarantined: a pass every few seconds sends the e-mails
 * the quarantine wrote into its outbox (each claimed for a minute, so several workers never mail a contact
 * twice). Without a mail server there is nothing to send.
 */
@Injectable()
export class QuarantineMailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('quarantine-mail');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly send: SendQuarantineMailsUseCase,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SMTP_URL) return;
    this.timer = setInterval(() => void this.pass(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async pass(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const sent = await this.send.execute();
      if (sent) this.logger.log(`quarantine e-mails sent: ${sent}`);
    } catch (error) {
      this.logger.warn(`quarantine e-mail pass failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
