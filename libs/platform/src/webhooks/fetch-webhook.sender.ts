import type { WebhookRequest, WebhookSender } from '@hub/domain';
import { hostRefusal } from '@hub/domain';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { guardedLookup, WebhookTargetRefused, type Resolver } from './webhook-target';

/** At most this much of a platform's answer is read (then dropped): only its status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Posts webhooks with a timeout and never follows a redirect (a 3xx is a failed attempt). Webhook
 * addresses are set by the admin only; the hub never fetches a URL that a user shared. Unless private
 * targets are allowed, the address connected to is checked when the connection is made (the resolver's
 * answer, through the connection's own `lookup`, or the literal address), not only at registration.
 */
export class FetchWebhookSender implements WebhookSender {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(
    private readonly timeoutMs: number,
    private readonly options: { allowPrivate: boolean; resolve?: Resolver } = { allowPrivate: false },
  ) {
    const lookup = guardedLookup(options.allowPrivate, options.resolve);
    this.http = new HttpAgent({ keepAlive: true, lookup } as ConstructorParameters<typeof HttpAgent>[0]);
    this.https = new HttpsAgent({ keepAlive: true, lookup } as ConstructorParameters<typeof HttpsAgent>[0]);
  }

  send(request: WebhookRequest): Promise<{ status: number }> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return Promise.reject(new WebhookTargetRefused(`${url.protocol} is not http or https`));
    // `net.connect` skips `lookup` for a literal address: that one is checked here.
    const refusal = hostRefusal(url.hostname.replace(/^\[|\]$/g, ''), this.options.allowPrivate);
    if (refusal) return Promise.reject(new WebhookTargetRefused(refusal));
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: secure ? this.https : this.http,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** Exponential backoff with jitter, capped at an hour; attempts enough to keep trying for 24 hours. */
export function webhookBackoff(baseMs: number): {
  delay: (attemptsMade: number) => number;
  attempts: number;
} {
  const cap = 3_600_000;
  const raw = (n: number) => Math.min(cap, baseMs * 2 ** Math.max(0, n - 1));
  let attempts = 1;
  for (let total = 0; total < 24 * 3_600_000; attempts++) total += raw(attempts);
  return { delay: (n) => Math.round(raw(n) * (0.75 + Math.random() * 0.5)), attempts };
}
