import type {
  Language,
  UpdateMeDto,
  AddSignalsAnswer,
  AddSignalsDto,
  AdminAuditEntryView,
  AuditVerdictView,
  BankHitView,
  BankImportAnswer,
  BankSignalView,
  BankView,
  BulkShareResultEntry,
  CellView,
  ContactView,
  ContainmentUpdateDto,
  CreateBankDto,
  SignalFeedbackDto,
  SignalFeedbackAnswer,
  SignalState,
  CreateContactDto,
  CreatedMemberView,
  CreatedTokenView,
  CreateIncidentDto,
  CreateMemberDto,
  CreateOrganisationDto,
  CreateSsoMappingDto,
  EventView,
  ExerciseRunView,
  ExchangeFormat,
  IncidentActionDto,
  IncidentMode,
  IncidentStatus,
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
  RotateWebhookSecretDto,
  ScenarioView,
  SessionView,
  ShareItemDto,
  ShareResult,
  SignInProviderView,
  SsoMappingView,
  TokenView,
  UpdateMemberDto,
  UpdateOrganisationDto,
} from '@hub/contracts';
import { toHubError } from './hub-error';
import { HubHttp, query, type HubClientOptions, type HubResponse, type RequestBody } from './hub-http';

/** The actions on an incident, each a `POST /incidents/:id/<action>`. */
export type IncidentAction =
  'activate' | 'reject' | 'level' | 'participants' | 'stand-down' | 'close' | 'review';

/** A bank as `POST /banks` takes it; `negative` marks known-benign content (round 3). */
export type NewBank = Omit<CreateBankDto, 'organisationId'> & { organisationId?: string };

/** An incident's containment summary: per platform, counts, times and overdue cells. */
export interface ContainmentSummary {
  incidentId: string;
  at: string;
  platforms: PlatformContainmentView[];
}

/**
 * The hub's REST API, typed from `@hub/contracts`: each method one route, its body and its answer the
 * contracts' own shapes, every refusal a HubError (status 0: the hub could not be reached). The console, the
 * command line and a platform's own scripts call the hub through it:
 *
 *     const hub = new HubClient({ url: 'https://hub.example', token: process.env.HUB_TOKEN });
 *     const incident = await hub.incident('CH-2026-0001');
 */
export class HubClient {
  readonly http: HubHttp;

  constructor(options: HubClientOptions) {
    this.http = new HubHttp(options);
  }

  get url(): string {
    return this.http.baseUrl;
  }

  /** The answer of a route as it came (a report in Markdown, an export), refusals included. */
  raw<T = unknown>(method: string, path: string, body?: RequestBody, headers?: Record<string, string>) {
    return this.http.request<T>(method, path, body, headers);
  }

  /** A route's answer when it succeeds; a HubError otherwise. */
  async call<T>(
    method: string,
    path: string,
    body?: RequestBody,
    headers?: Record<string, string>,
  ): Promise<T> {
    const answer = await this.http.request<T>(method, path, body, headers);
    if (answer.status >= 400) throw toHubError(answer.status, answer.body);
    return answer.body;
  }

  // Identity and administration.
  me() {
    return this.call<MeView>('GET', '/me');
  }
  /** The language the caller reads the hub in (one of `LANGUAGES`). */
  updateMe(body: UpdateMeDto) {
    return this.call<MeView>('PATCH', '/me', body);
  }
  signInProviders() {
    return this.call<Page<SignInProviderView>>('GET', '/auth/providers');
  }
  signOut() {
    return this.call<void>('POST', '/auth/logout');
  }
  organisations() {
    return this.call<Page<OrganisationView>>('GET', '/organisations?limit=500');
  }
  createOrganisation(body: CreateOrganisationDto) {
    return this.call<OrganisationView>('POST', '/organisations', body);
  }
  updateOrganisation(id: string, patch: UpdateOrganisationDto) {
    return this.call<OrganisationView>('PATCH', `/organisations/${id}`, patch);
  }
  rotateSecret(id: string, body: RotateWebhookSecretDto) {
    return this.call<RotatedSecretView>('POST', `/organisations/${id}/webhook/rotate-secret`, body);
  }
  members(organisationId: string) {
    return this.call<MembersView>('GET', `/organisations/${organisationId}/members`);
  }
  addMember(organisationId: string, body: CreateMemberDto) {
    return this.call<CreatedMemberView>('POST', `/organisations/${organisationId}/members`, body);
  }
  updateMember(id: string, patch: UpdateMemberDto) {
    return this.call<MemberView>('PATCH', `/members/${id}`, patch);
  }
  revokeTokens(memberId: string) {
    return this.call<{ revoked: number }>('POST', `/members/${memberId}/revoke-tokens`);
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
  ssoMappings(organisationId: string) {
    return this.call<Page<SsoMappingView>>('GET', `/organisations/${organisationId}/sso`);
  }
  addSsoMapping(organisationId: string, mapping: CreateSsoMappingDto) {
    return this.call<SsoMappingView>('POST', `/organisations/${organisationId}/sso`, mapping);
  }
  removeSsoMapping(organisationId: string, mappingId: string) {
    return this.call<void>('DELETE', `/organisations/${organisationId}/sso/${mappingId}`);
  }
  contacts(organisationId: string) {
    return this.call<Page<ContactView>>('GET', `/organisations/${organisationId}/contacts`);
  }
  addContact(organisationId: string, contact: CreateContactDto) {
    return this.call<ContactView>('POST', `/organisations/${organisationId}/contacts`, contact);
  }
  removeContact(id: string) {
    return this.call<void>('DELETE', `/contacts/${id}`);
  }
  verifyAudit() {
    return this.call<AuditVerdictView>('GET', '/audit/verify');
  }
  adminAudit(after?: string) {
    return this.call<Page<AdminAuditEntryView>>('GET', `/audit/admin${query({ after, limit: 100 })}`);
  }

  // Incidents: `incident` is an id or a reference (`CH-2026-0001`) wherever a method takes one.
  incidents(filter: { mode?: IncidentMode | ''; status?: IncidentStatus | ''; limit?: number } = {}) {
    return this.call<Page<IncidentView>>('GET', `/incidents${query({ limit: 200, ...filter })}`);
  }
  incident(incident: string) {
    return this.call<IncidentView>('GET', `/incidents/${path(incident)}`);
  }
  declare(body: CreateIncidentDto) {
    return this.call<IncidentView>('POST', '/incidents', body);
  }
  act(incident: string, action: IncidentAction, body: IncidentActionDto = {}) {
    return this.call<IncidentView>('POST', `/incidents/${path(incident)}/${action}`, body);
  }
  items(incident: string, filter: { platformKey?: string; status?: string; after?: string; limit?: number }) {
    return this.call<Page<ItemView>>('GET', `/incidents/${path(incident)}/items${query(filter)}`);
  }
  /** Every item of an incident (optionally one platform's), page after page. */
  async allItems(incident: string, filter: { platformKey?: string } = {}): Promise<ItemView[]> {
    const items: ItemView[] = [];
    let after: string | undefined;
    do {
      const page = await this.items(incident, { ...filter, limit: 500, after });
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }
  share(incident: string, item: ShareItemDto) {
    return this.call<ShareResult>('POST', `/incidents/${path(incident)}/items`, item);
  }
  shareBulk(incident: string, items: ShareItemDto[]) {
    return this.call<{ results: BulkShareResultEntry[] }>('POST', `/incidents/${path(incident)}/items/bulk`, {
      items,
    });
  }
  contain(
    incident: string,
    itemId: string,
    platformKey: string,
    status: ContainmentUpdateDto['status'],
    reason?: string,
  ) {
    const body: ContainmentUpdateDto = { status, ...(reason ? { reason } : {}) };
    return this.call<CellView>(
      'POST',
      `/incidents/${path(incident)}/items/${path(itemId)}/containment/${path(platformKey)}`,
      body,
    );
  }
  containment(incident: string) {
    return this.call<ContainmentSummary>('GET', `/incidents/${path(incident)}/containment`);
  }
  events(incident: string, after: number, limit = 200) {
    return this.call<Page<EventView>>('GET', `/incidents/${path(incident)}/events${query({ after, limit })}`);
  }
  postMessage(incident: string, text: string) {
    return this.call<EventView>('POST', `/incidents/${path(incident)}/messages`, { text });
  }
  /** The after-action report: JSON parsed, the other formats as text; refusals as they came. */
  /** `lang`: the language of a Markdown or HTML report's headings and fixed phrases (English by default). */
  report(incident: string, format: ReportFormat, lang?: Language): Promise<HubResponse> {
    return this.raw('GET', `/incidents/${path(incident)}/report${query({ format, lang })}`);
  }
  exportItems(incident: string, format: ExchangeFormat): Promise<HubResponse> {
    return this.raw('GET', `/incidents/${path(incident)}/export${query({ format })}`);
  }
  /**
   * A platform's statements of reasons, every batch (following `next`), one batch a line: each line a
   * `{ statements }` of at most 100, what the platform's pipeline completes and posts to the DSA database.
   */
  async statementLines(incident: string, platformKey: string): Promise<string> {
    const lines: string[] = [];
    let after: string | undefined;
    do {
      const batch = await this.call<{ statements: unknown[]; next?: string }>(
        'GET',
        `/incidents/${path(incident)}/statements-of-reasons${query({ platformKey, after })}`,
      );
      lines.push(JSON.stringify({ statements: batch.statements }));
      after = batch.next;
    } while (after);
    return `${lines.join('\n')}\n`;
  }

  // Hash banks.
  banks() {
    return this.call<Page<BankView>>('GET', '/banks');
  }
  bank(id: string) {
    return this.call<BankView>('GET', `/banks/${path(id)}`);
  }
  createBank(body: NewBank) {
    return this.call<BankView>('POST', '/banks', body);
  }
  bankSignals(id: string, page: { after?: string; limit?: number; state?: SignalState } = {}) {
    return this.call<Page<BankSignalView>>('GET', `/banks/${path(id)}/signals${query(page)}`);
  }
  /** The bank's quarantined signals: they matched too many shares too fast, and their hits are held. */
  quarantinedSignals(bankId: string) {
    return this.bankSignals(bankId, { state: 'quarantined', limit: 100 });
  }
  /** An admin ends a quarantine: the held hits reach their incidents. */
  releaseSignal(bankId: string, signalId: string) {
    return this.call<BankSignalView>('POST', `/banks/${path(bankId)}/signals/${path(signalId)}/release`);
  }
  removeSignal(bankId: string, signalId: string) {
    return this.call<BankSignalView>('DELETE', `/banks/${path(bankId)}/signals/${path(signalId)}`);
  }
  /** Agreement or disagreement with a signal's hit (on `itemId`, shown in that incident's room). */
  signalFeedback(bankId: string, signalId: string, body: SignalFeedbackDto) {
    return this.call<SignalFeedbackAnswer>(
      'POST',
      `/banks/${path(bankId)}/signals/${path(signalId)}/feedback`,
      body,
    );
  }
  addSignals(id: string, body: AddSignalsDto) {
    return this.call<AddSignalsAnswer>('POST', `/banks/${path(id)}/signals`, body);
  }
  /** The bank's latest hits in the incidents the member sees, newest first. */
  bankHits(id: string, limit: number) {
    return this.call<Page<BankHitView>>('GET', `/banks/${path(id)}/hits${query({ limit })}`);
  }
  /** A file into a bank, streamed as it is read (`contentType`: text/plain, text/csv, STIX or MISP JSON). */
  importBank(id: string, file: ReadableStream<Uint8Array> | Blob, contentType: string, algorithm?: string) {
    return this.call<BankImportAnswer>('POST', `/banks/${path(id)}/import${query({ algorithm })}`, file, {
      'content-type': contentType,
    });
  }

  // Exercises.
  scenarios() {
    return this.call<Page<ScenarioView>>('GET', '/scenarios?limit=200');
  }
  /** A scenario in YAML or JSON, as written. */
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
    return this.call<ExerciseRunView>('GET', `/exercises/${path(id)}`);
  }
  startExercise(scenarioId: string, speed: number) {
    return this.call<ExerciseRunView>('POST', '/exercises', { scenarioId, speed });
  }
  controlExercise(id: string, action: 'pause' | 'resume' | 'abort') {
    return this.call<ExerciseRunView>('POST', `/exercises/${path(id)}/${action}`);
  }
}

/** A path segment as typed by a person: an id, a reference, a platform key. */
const path = (segment: string): string => encodeURIComponent(segment);
