import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  at: number;
  /** The status it was answered with (once answered). */
  status?: number;
}

/** A platform's webhook endpoint for tests: records every request and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Decides the status of each request; default 200. */
  respond: (request: ReceivedWebhook) => number = () => 200;
  /** How long to wait before answering each request, in ms; default at once. */
  delay: (request: ReceivedWebhook) => number = () => 0;
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const request: ReceivedWebhook = {
          path: req.url ?? '/',
          headers: req.headers,
          body,
          json,
          at: Date.now(),
        };
        this.received.push(request);
        const answer = () => {
          request.status = this.respond(request);
          res.statusCode = request.status;
          res.end();
        };
        const wait = this.delay(request);
        if (wait > 0) setTimeout(answer, wait);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = undefined;
  }
}

/** Checks `X-Hub-Signature` as a platform would: HMAC-SHA256 of `timestamp.body`. */
export function verifySignature(secret: string, request: ReceivedWebhook): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(`${request.headers['x-hub-timestamp']}.${request.body}`).digest('hex')}`;
  const given = String(request.headers['x-hub-signature'] ?? '');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
