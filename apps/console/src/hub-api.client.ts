import {
  HubClient,
  HubError,
  toHubError,
  type AnswerOf,
  type IncidentAction as ClientIncidentAction,
} from '@hub/client';
import { CSRF_COOKIE, CSRF_HEADER } from '@hub/contracts';
import type { ExchangeFormat as ContractsExchangeFormat, SignInProviderView } from '@hub/contracts';
import { language, tr } from './language';

/** A refusal from the hub, with the message of each field it names, to show next to that field. */
export { HubError as ApiError } from '@hub/client';

/** The exchange formats of `GET /incidents/:id/export`. */
export type ExchangeFormat = ContractsExchangeFormat;

export type IncidentAction = ClientIncidentAction;

/** The session's CSRF token, which the hub set in a cookie this page can read (signed in by a provider). */
export function csrfToken(): string | undefined {
  const match = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** The identity providers the hub offers, for the sign-in page's buttons; none when it cannot tell. */
export async function signInProviders(): Promise<SignInProviderView[]> {
  try {
    return (await new HubClient({ url: '' }).signInProviders()).items;
  } catch {
    return [];
  }
}

/**
 * The REST API as the console uses it: the typed `HubClient` every client of the hub shares, and an
 * ApiError for every refusal. With a token it sends the bearer token; without one the browser's session
 * cookie goes along, and every change carries the session's CSRF token.
 */
export class HubApi extends HubClient {
  constructor(readonly token?: string) {
    super({
      url: '',
      token,
      // The console's language, so that refusals carry a `localizedMessage` the reader reads.
      headers: (method): Record<string, string> => {
        const csrf = token === undefined && method !== 'GET' ? csrfToken() : undefined;
        return { 'accept-language': language(), ...(csrf ? { [CSRF_HEADER]: csrf } : {}) };
      },
      unreachable: () => tr('console.unreachable'),
    });
  }

  /** Ends the browser's session at the hub (its sockets too). */
  override async signOut(): Promise<void> {
    await super.signOut().catch(() => undefined);
  }

  /**
   * A platform's statements of reasons, every batch, one batch a line; the first refusal is answered as it
   * came (the page shows it), not thrown.
   */
  async statementBatches(
    incidentId: string,
    platformKey: string,
  ): Promise<{ status: number; body: unknown }> {
    try {
      return { status: 200, body: await this.statementLines(incidentId, platformKey) };
    } catch (error) {
      if (error instanceof HubError && error.status)
        return { status: error.status, body: { message: error.message } };
      throw error;
    }
  }

  /**
   * A file into a bank, sent as it is read from disk; `onProgress` hears the bytes sent (fetch cannot tell
   * an upload's progress, XMLHttpRequest can).
   */
  importBankFile(
    bankId: string,
    file: Blob,
    contentType: string,
    onProgress: (sent: number, total: number) => void,
  ): Promise<AnswerOf<'importBankSignals'>> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/banks/${bankId}/import`);
      xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('content-type', contentType);
      xhr.setRequestHeader('accept-language', language());
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
      xhr.onload = () => {
        let body: unknown = xhr.responseText;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: kept as text for the error.
        }
        if (xhr.status >= 400) reject(toHubError(xhr.status, body));
        else resolve(body as AnswerOf<'importBankSignals'>);
      };
      xhr.onerror = () => reject(new HubError(0, tr('console.unreachableUpload')));
      xhr.send(file);
    });
  }
}
