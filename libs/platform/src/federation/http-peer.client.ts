import type { FederationPage, FederationPush, FederationReceipt } from '@hub/contracts';
import type { PeerClient, PeerRecord } from '@hub/domain';

/** A peer that answered, but not with what the federation routes answer. */
export class PeerAnswerError extends Error {}

/**
 * The federation routes of another hub, called with the token it issued to this one. Its address was set
 * by an admin (`POST /peers`), never taken from anything a user shared. Redirects are not followed.
 */
export class HttpPeerClient implements PeerClient {
  constructor(private readonly timeoutMs: number) {}

  push(peer: PeerRecord, page: FederationPush): Promise<FederationReceipt> {
    return this.call<FederationReceipt>(peer, `${peer.url}/api/v1/federation/events`, {
      method: 'POST',
      body: JSON.stringify(page),
    });
  }

  pull(peer: PeerRecord, after: string, limit: number): Promise<FederationPage> {
    const query = new URLSearchParams({ after, limit: String(limit) });
    return this.call<FederationPage>(peer, `${peer.url}/api/v1/federation/events?${query}`, {
      method: 'GET',
    });
  }

  private async call<T>(peer: PeerRecord, url: string, init: { method: string; body?: string }): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${peer.token}`,
          accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new PeerAnswerError(
        `${peer.name} did not answer ${init.method} ${new URL(url).pathname}: ${cause ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    // A gap (409) still carries the peer's cursor: the push starts again from there.
    if (!response.ok && response.status !== 409) {
      throw new PeerAnswerError(`${peer.name} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PeerAnswerError(`${peer.name} answered ${response.status} with no JSON`);
    }
  }
}
