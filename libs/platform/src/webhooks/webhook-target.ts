import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { DomainError, ERROR_CODES, hostRefusal, webhookUrlRefusal, type ErrorDetail } from '@hub/domain';

export type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type Resolver = (host: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export class WebhookTargetRefused extends Error {
  readonly code = 'EHUBWEBHOOKTARGET';
  constructor(readonly reason: string) {
    super(`webhook target refused: ${reason}`);
    this.name = 'WebhookTargetRefused';
  }
}

/** The first refused address among a resolver's answers (one bad answer refuses the name). */
function refusedAmong(host: string, addresses: LookupAddress[], allowPrivate: boolean): string | undefined {
  for (const { address } of addresses) {
    const refusal = hostRefusal(address, allowPrivate);
    if (refusal)
      return `${host} resolves to a ${refusal.replace(/ is not allowed$/, '')}, which is not allowed`;
  }
  return undefined;
}

/**
 * A `lookup` for `net.connect`: resolves, and refuses when any answer is not allowed, so the address
 * connected to is the address checked (a DNS answer cannot change between the check and the connection).
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver) {
  return (host: string, options: LookupOptions | LookupAllOptions, callback: LookupCallback): void => {
    resolve(host)
      .then((all) => {
        const family = options?.family === 'IPv4' ? 4 : options?.family === 'IPv6' ? 6 : options?.family;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        const refusal = refusedAmong(host, all, allowPrivate);
        if (refusal) return callback(new WebhookTargetRefused(refusal), []);
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`no address for ${host}`);
          error.code = 'ENOTFOUND';
          return callback(error, []);
        }
        if ((options as LookupAllOptions)?.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, []));
  };
}

/**
 * At registration: each webhook URL's host, as written and as resolved now. A name that does not
 * resolve yet is accepted (the platform may publish it later); every connection is checked again.
 */
export async function assertWebhookTargets(
  fields: Record<string, { url?: unknown } | undefined>,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<void> {
  if (allowPrivate) return;
  const details: ErrorDetail[] = [];
  for (const [field, webhook] of Object.entries(fields)) {
    if (typeof webhook?.url !== 'string') continue;
    let refusal = webhookUrlRefusal(webhook.url, false);
    if (!refusal) {
      const host = new URL(webhook.url).hostname;
      const addresses = await resolve(host.replace(/^\[|\]$/g, '')).catch(() => []);
      refusal = refusedAmong(host, addresses, false);
    }
    if (refusal) details.push({ field: `${field}.url`, message: `${field}.url: ${refusal}` });
  }
  if (details.length)
    throw new DomainError(ERROR_CODES.VALIDATION_FAILED, details.map((d) => d.message).join('; '), details);
}
