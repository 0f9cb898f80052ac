import type { WebhookRequest, WebhookSender } from '@hub/domain';

/**
 * Posts webhooks with a timeout and no redirects. Webhook addresses are set by the admin only; the hub
 * never fetches a URL that a user shared.
 */
export class FetchWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs: number) {}

  async send(request: WebhookRequest): Promise<{ status: number }> {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
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
