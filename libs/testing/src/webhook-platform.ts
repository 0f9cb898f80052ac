import type { ApiClient } from './api-client';
import { WebhookReceiver } from './webhook-receiver';

export interface WebhookPlatformOptions {
  /** The live webhook's secret. */
  secret: string;
  name?: string;
  platformKey?: string;
  domains?: string[];
  /** Where the live webhook points on the receiver (default `/live`). */
  path?: string;
  /** An exercise webhook too, on `/exercise` of the same receiver. */
  exerciseSecret?: string;
  /** A receiver the test made (on a port it chose, answering as it says); else one on a free port. */
  receiver?: WebhookReceiver;
}

export interface WebhookPlatform {
  id: string;
  platformKey: string;
  receiver: WebhookReceiver;
  /** The receiver's base URL. */
  url: string;
}

/**
 * The platform organisation whose webhooks a test watches (HookShare, hookshare.example by default),
 * registered by an admin, with its receiver started. The caller stops the receiver (TestHub does).
 */
export async function addWebhookPlatform(
  admin: ApiClient,
  options: WebhookPlatformOptions,
): Promise<WebhookPlatform> {
  const receiver = options.receiver ?? new WebhookReceiver();
  const url = receiver.port ? `http://127.0.0.1:${receiver.port}` : await receiver.start();
  const platformKey = options.platformKey ?? 'hookshare';
  const org = await admin.post('/organisations', {
    name: options.name ?? 'HookShare',
    kind: 'platform',
    platformKey,
    domains: options.domains ?? [`${platformKey}.example`],
    webhook: { url: `${url}${options.path ?? '/live'}`, secret: options.secret },
    ...(options.exerciseSecret
      ? { exerciseWebhook: { url: `${url}/exercise`, secret: options.exerciseSecret } }
      : {}),
  });
  if (org.status !== 201)
    throw new Error(`platform ${platformKey}: ${org.status} ${JSON.stringify(org.body)}`);
  return { id: org.body.id, platformKey, receiver, url };
}
