import type { MailSender, OutgoingMail } from '@hub/domain';
import { createTransport, type Transporter } from 'nodemailer';

/** Sends through the mail server of `SMTP_URL`; a refusal (4xx/5xx) or a lost connection rejects. */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    const u = new URL(url);
    this.transport = createTransport({
      host: u.hostname,
      port: u.port ? Number(u.port) : undefined,
      secure: u.protocol === 'smtps:',
      auth: u.username
        ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
        : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
    });
  }

  close(): void {
    this.transport.close();
  }
}
