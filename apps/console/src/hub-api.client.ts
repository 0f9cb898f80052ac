import { ApiClient } from '@hub/client';
import { CSRF_COOKIE, CSRF_HEADER } from '@hub/contracts';
import type {
  AdminAuditEntryView,
  AuditVerdictView,
  BankHitView,
  BankImportAnswer,
  BankSignalView,
  BankView,
  BankVisibility,
  BulkShareResultEntry,
  CellView,
  ContactView,
  CreatedMemberView,
  CreatedTokenView,
  EventView,
  ExerciseRunView,
  IncidentView,
  ItemView,
  MembersView,
  MemberView,
  MeView,
  OrganisationView,
  Page,
  PlatformContainmentView,
  ReportFormat,
  RotatedSecretView,
  ScenarioView,
  ShareResult,
  SessionView,
  SignInProviderView,
  SsoMappingView,
  TokenView,
} from '@hub/contracts';

/** A refusal from the hub, with the message of each field it names, to show next to that field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface ErrorBody {
  message?: string;
  details?: { field?: string; message?: string }[];
}

function toApiError(status: number, body: unknown): ApiError {
  const answer = (typeof body === 'object' && body ? body : {}) as ErrorBody;
  const fields: Record<string, string> = {};
  for (const detail of answer.details ?? []) {
    if (detail.field && detail.message) fields[detail.field] ??= detail.message;
  }
  const message =
    answer.message ??
    (status === 401 ? 'Your token is not valid or was revoked.' : `The hub answered ${status}.`);
  return new ApiError(status, message, fields);
}

/** A contact point as the admin's form sends it. */
export interface NewContact {
  name: string;
  email: string;
  tier: number;
  languages?: string[];
  exercise?: boolean;
}

/** A claim value that admits its holders, as the admin's form sends it (no issuer: any configured one). */
export interface NewSsoMapping {
  claim: string;
  value: string;
  role: string;
  issuer?: string;
}

/** The exchange formats of `GET /incidents/:id/export` (their DTO carries validators, kept off the bundle). */
export type ExchangeFormat = 'stix' | 'misp' | 'te';

export type IncidentAction =
  'activate' | 'reject' | 'level' | 'participants' | 'stand-down' | 'close' | 'review';

export interface DeclareIncident {
  title: string;
  summary: string;
  category: string;
  level: string;
  mode: 'live' | 'exercise';
  participants: string[];
  platforms: string[];
  criteria?: string[];
  rationale?: string;
}

/** The session's CSRF token, which the hub set in a cookie this page can read (signed in by a provider). */
export function csrfToken(): string | undefined {
  const match = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** The identity providers the hub offers, for the sign-in page's buttons; none when it cannot tell. */
export async function signInProviders(): Promise<SignInProviderView[]> {
  try {
    const answer = await new ApiClient('').request<Page<SignInProviderView>>('GET', '/auth/providers');
    return answer.status === 200 ? answer.body.items : [];
  } catch {
    return [];
  }
}

/**
 * The REST API as the console uses it: typed answers, and an ApiError for every refusal. With a token it
 * sends the bearer token; without one the browser's session cookie goes along, and every change carries
 * the session's CSRF token.
 */
export class HubApi {
  private readonly client: ApiClient;

  constructor(readonly token?: string) {
    this.client = new ApiClient('', token);
  }

  /** Ends the browser's session at the hub (its sockets too). */
  async signOut(): Promise<void> {
    await this.call<void>('POST', '/auth/logout').catch(() => undefined);
  }

  me() {
    return this.call<MeView>('GET', '/me');
  }
  organisations() {
    return this.call<Page<OrganisationView>>('GET', '/organisations?limit=500');
  }
  contacts(organisationId: string) {
    return this.call<Page<ContactView>>('GET', `/organisations/${organisationId}/contacts`);
  }
  addContact(organisationId: string, contact: NewContact) {
    return this.call<ContactView>('POST', `/organisations/${organisationId}/contacts`, contact);
  }
  removeContact(id: string) {
    return this.call<void>('DELETE', `/contacts/${id}`);
  }
  createOrganisation(body: Record<string, unknown>) {
    return this.call<OrganisationView>('POST', '/organisations', body);
  }
  updateOrganisation(id: string, patch: Record<string, unknown>) {
    return this.call<OrganisationView>('PATCH', `/organisations/${id}`, patch);
  }
  rotateSecret(id: string, body: { graceMinutes: number; webhook: 'webhook' | 'exerciseWebhook' }) {
    return this.call<RotatedSecretView>('POST', `/organisations/${id}/webhook/rotate-secret`, body);
  }
  members(organisationId: string) {
    return this.call<MembersView>('GET', `/organisations/${organisationId}/members`);
  }
  addMember(organisationId: string, body: { displayName: string; role: string }) {
    return this.call<CreatedMemberView>('POST', `/organisations/${organisationId}/members`, body);
  }
  revokeTokens(memberId: string) {
    return this.call<{ revoked: number }>('POST', `/members/${memberId}/revoke-tokens`);
  }
  updateMember(id: string, patch: Record<string, unknown>) {
    return this.call<MemberView>('PATCH', `/members/${id}`, patch);
  }
  ssoMappings(organisationId: string) {
    return this.call<Page<SsoMappingView>>('GET', `/organisations/${organisationId}/sso`);
  }
  addSsoMapping(organisationId: string, mapping: NewSsoMapping) {
    return this.call<SsoMappingView>('POST', `/organisations/${organisationId}/sso`, mapping);
  }
  removeSsoMapping(organisationId: string, mappingId: string) {
    return this.call<void>('DELETE', `/organisations/${organisationId}/sso/${mappingId}`);
  }
  tokens(memberId: string) {
    return this.call<Page<TokenView>>('GET', `/members/${memberId}/tokens`);
  }
  createToken(memberId: string) {
    return this.call<CreatedTokenView>('POST', `/members/${memberId}/tokens`);
  }
  revokeToken(id: string) {
    return this.call<void>('DELETE', `/tokens/${id}`);
  }
  sessions(memberId: string) {
    return this.call<Page<SessionView>>('GET', `/members/${memberId}/sessions`);
  }
  verifyAudit() {
    return this.call<AuditVerdictView>('GET', '/audit/verify');
  }
  adminAudit(after?: string) {
    return this.call<Page<AdminAuditEntryView>>('GET', `/audit/admin${query({ after, limit: 100 })}`);
  }

  incidents(filter: { mode?: string; status?: string } = {}) {
    return this.call<Page<IncidentView>>('GET', `/incidents${query({ ...filter, limit: 200 })}`);
  }
  incident(id: string) {
    return this.call<IncidentView>('GET', `/incidents/${id}`);
  }
  declare(body: DeclareIncident) {
    return this.call<IncidentView>('POST', '/incidents', body);
  }
  act(id: string, action: IncidentAction, body: Record<string, unknown> = {}) {
    return this.call<IncidentView>('POST', `/incidents/${id}/${action}`, body);
  }

  /** Every item of an incident (optionally one platform's), page after page. */
  async allItems(incidentId: string, filter: { platformKey?: string } = {}): Promise<ItemView[]> {
    const items: ItemView[] = [];
    let after: string | undefined;
    do {
      const page = await this.call<Page<ItemView>>(
        'GET',
        `/incidents/${incidentId}/items${query({ ...filter, limit: 500, after })}`,
      );
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }
  share(incidentId: string, item: Record<string, unknown>) {
    return this.call<ShareResult>('POST', `/incidents/${incidentId}/items`, item);
  }
  shareBulk(incidentId: string, items: Record<string, unknown>[]) {
    return this.call<{ results: BulkShareResultEntry[] }>('POST', `/incidents/${incidentId}/items/bulk`, {
      items,
    });
  }
  contain(incidentId: string, itemId: string, platformKey: string, status: string, reason?: string) {
    return this.call<CellView>(
      'POST',
      `/incidents/${incidentId}/items/${itemId}/containment/${platformKey}`,
      {
        status,
        ...(reason ? { reason } : {}),
      },
    );
  }
  containment(incidentId: string) {
    return this.call<{ incidentId: string; at: string; platforms: PlatformContainmentView[] }>(
      'GET',
      `/incidents/${incidentId}/containment`,
    );
  }
  events(incidentId: string, after: number, limit = 200) {
    return this.call<Page<EventView>>('GET', `/incidents/${incidentId}/events${query({ after, limit })}`);
  }
  postMessage(incidentId: string, text: string) {
    return this.call<EventView>('POST', `/incidents/${incidentId}/messages`, { text });
  }
  report(incidentId: string, format: ReportFormat) {
    return this.client.request('GET', `/incidents/${incidentId}/report?format=${format}`);
  }
  exportItems(incidentId: string, format: ExchangeFormat) {
    return this.client.request('GET', `/incidents/${incidentId}/export?format=${format}`);
  }
  /**
   * A platform's statements of reasons, every batch (following `next`), one batch a line: each line is a
   * `{ statements }` of at most 100, what the platform's pipeline completes and posts to the DSA database.
   * The first refusal is answered as it came.
   */
  async statementLines(incidentId: string, platformKey: string): Promise<{ status: number; body: unknown }> {
    const lines: string[] = [];
    let after: string | undefined;
    do {
      const answer = await this.client.request<{ statements: unknown[]; next?: string }>(
        'GET',
        `/incidents/${incidentId}/statements-of-reasons${query({ platformKey, after })}`,
      );
      if (answer.status >= 400) return answer;
      lines.push(JSON.stringify({ statements: answer.body.statements }));
      after = answer.body.next;
    } while (after);
    return { status: 200, body: `${lines.join('\n')}\n` };
  }

  banks() {
    return this.call<Page<BankView>>('GET', '/banks');
  }
  bank(id: string) {
    return this.call<BankView>('GET', `/banks/${id}`);
  }
  /** The bank's latest hits in the incidents the member sees, newest first. */
  bankHits(id: string, limit: number) {
    return this.call<Page<BankHitView>>('GET', `/banks/${id}/hits?limit=${limit}`);
  }
  createBank(body: { name: string; visibility: BankVisibility; description?: string; negative?: boolean }) {
    return this.call<BankView>('POST', '/banks', body);
  }
  /** The bank's quarantined signals: matched too many shares too fast, their hits held. */
  quarantinedSignals(bankId: string) {
    return this.call<Page<BankSignalView>>('GET', `/banks/${bankId}/signals?state=quarantined&limit=100`);
  }
  releaseSignal(bankId: string, signalId: string) {
    return this.call<BankSignalView>('POST', `/banks/${bankId}/signals/${signalId}/release`);
  }
  removeSignal(bankId: string, signalId: string) {
    return this.call<BankSignalView>('DELETE', `/banks/${bankId}/signals/${signalId}`);
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
  ): Promise<BankImportAnswer> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/banks/${bankId}/import`);
      xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('content-type', contentType);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
      xhr.onload = () => {
        let body: unknown = xhr.responseText;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: kept as text for the error.
        }
        if (xhr.status >= 400) reject(toApiError(xhr.status, body));
        else resolve(body as BankImportAnswer);
      };
      xhr.onerror = () => reject(new ApiError(0, 'The hub cannot be reached. Check your connection.'));
      xhr.send(file);
    });
  }

  scenarios() {
    return this.call<Page<ScenarioView>>('GET', '/scenarios?limit=200');
  }
  uploadScenario(text: string) {
    const json = text.trimStart().startsWith('{');
    return this.call<ScenarioView>('POST', '/scenarios', text, {
      'content-type': json ? 'application/json' : 'application/yaml',
    });
  }
  exercises(filter: { incidentId?: string } = {}) {
    return this.call<Page<ExerciseRunView>>('GET', `/exercises${query({ ...filter, limit: 100 })}`);
  }
  exercise(id: string) {
    return this.call<ExerciseRunView>('GET', `/exercises/${id}`);
  }
  startExercise(scenarioId: string, speed: number) {
    return this.call<ExerciseRunView>('POST', '/exercises', { scenarioId, speed });
  }
  controlExercise(id: string, action: 'pause' | 'resume' | 'abort') {
    return this.call<ExerciseRunView>('POST', `/exercises/${id}/${action}`);
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    let answer;
    const csrf = this.token === undefined && method !== 'GET' ? csrfToken() : undefined;
    try {
      answer = await this.client.request<T>(method, path, body, {
        ...headers,
        ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      });
    } catch {
      throw new ApiError(0, 'The hub cannot be reached. Check your connection; nothing was sent.');
    }
    if (answer.status >= 400) throw toApiError(answer.status, answer.body);
    return answer.body;
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  if (!entries.length) return '';
  return `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}
