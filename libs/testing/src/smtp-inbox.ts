import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the inbox accepted: who it was for (the envelope), and the parsed message. */
export interface ReceivedMail {
  to: string[];
  /** When the server accepted it (ms since the epoch). */
  at: number;
  mail: ParsedMail;
}

/**
 * A real SMTP server in the test's process (plain, no authentication): what the hub sends arrives here.
 * `refuse` answers the next messages with a temporary failure, as a mail server that is down for a while.
 */
export class SmtpInbox {
  readonly received: ReceivedMail[] = [];
  /** How many of the next messages to refuse with 451. */
  refuse = 0;
  refused = 0;
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.refuse > 0) {
              this.refuse--;
              this.refused++;
              const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
              callback(error);
              return;
            }
            this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), at: Date.now(), mail });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages for this address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((r) => r.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
