import type { Language } from '@hub/contracts';
import { toHubError } from './hub-error';
import { HubHttp, query, type HubClientOptions, type HubResponse, type RequestBody } from './hub-http';
import type { AnswerOf, BodyOf, QueryOf } from './openapi';

/** The actions on an incident, each a `POST /incidents/:id/<action>`, and their operations. */
interface IncidentActions {
  activate: 'activateIncident';
  reject: 'rejectIncident';
  level: 'changeIncidentLevel';
  participants: 'addIncidentParticipant';
  'stand-down': 'standDownIncident';
  close: 'closeIncident';
  review: 'reviewIncident';
}
export type IncidentAction = keyof IncidentActions;

/** These query parameters, each also `''` (none: a form's empty choice). */
type Blankable<Q, K extends keyof Q> = { [P in K]?: Q[P] | '' };

/** A bank as `POST /banks` takes it. */
export type NewBank = BodyOf<'createBank'>;

/** An incident's containment summary: per platform, counts, times and overdue cells. */
export type ContainmentSummary = AnswerOf<'getIncidentContainment'>;

/**
 * The hub's REST API, typed from its OpenAPI document (`openapi.generated.ts`, from docs/openapi.json): each
 * method one operation, its body and its answer the document's types, every refusal a HubError (status 0: the hub could not be reached). The console, the
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
    return this.call<AnswerOf<'getMe'>>('GET', '/me');
  }
  /** The language the caller reads the hub in (one of `LANGUAGES`). */
  updateMe(body: BodyOf<'updateMe'>) {
    return this.call<AnswerOf<'updateMe'>>('PATCH', '/me', body);
  }
  signInProviders() {
    return this.call<AnswerOf<'listSignInProviders'>>('GET', '/auth/providers');
  }
  signOut() {
    return this.call<AnswerOf<'signOut'>>('POST', '/auth/logout');
  }
  organisations() {
    return this.call<AnswerOf<'listOrganisations'>>('GET', '/organisations?limit=500');
  }
  /** The DISARM Red Framework techniques an item may name. */
  techniques() {
    return this.call<AnswerOf<'listTechniques'>>('GET', '/techniques');
  }
  createOrganisation(body: BodyOf<'createOrganisation'>) {
    return this.call<AnswerOf<'createOrganisation'>>('POST', '/organisations', body);
  }
  updateOrganisation(id: string, patch: BodyOf<'updateOrganisation'>) {
    return this.call<AnswerOf<'updateOrganisation'>>('PATCH', `/organisations/${id}`, patch);
  }
  rotateSecret(id: string, body: BodyOf<'rotateWebhookSecret'>) {
    return this.call<AnswerOf<'rotateWebhookSecret'>>(
      'POST',
      `/organisations/${id}/webhook/rotate-secret`,
      body,
    );
  }
  members(organisationId: string) {
    return this.call<AnswerOf<'listMembers'>>('GET', `/organisations/${organisationId}/members`);
  }
  addMember(organisationId: string, body: BodyOf<'createMember'>) {
    return this.call<AnswerOf<'createMember'>>('POST', `/organisations/${organisationId}/members`, body);
  }
  updateMember(id: string, patch: BodyOf<'updateMember'>) {
    return this.call<AnswerOf<'updateMember'>>('PATCH', `/members/${id}`, patch);
  }
  revokeTokens(memberId: string) {
    return this.call<AnswerOf<'revokeMemberTokens'>>('POST', `/members/${memberId}/revoke-tokens`);
  }
  tokens(memberId: string) {
    return this.call<AnswerOf<'listMemberTokens'>>('GET', `/members/${memberId}/tokens`);
  }
  createToken(memberId: string) {
    return this.call<AnswerOf<'createMemberToken'>>('POST', `/members/${memberId}/tokens`);
  }
  revokeToken(id: string) {
    return this.call<AnswerOf<'revokeToken'>>('DELETE', `/tokens/${id}`);
  }
  sessions(memberId: string) {
    return this.call<AnswerOf<'listMemberSessions'>>('GET', `/members/${memberId}/sessions`);
  }
  ssoMappings(organisationId: string) {
    return this.call<AnswerOf<'listSsoMappings'>>('GET', `/organisations/${organisationId}/sso`);
  }
  addSsoMapping(organisationId: string, mapping: BodyOf<'createSsoMapping'>) {
    return this.call<AnswerOf<'createSsoMapping'>>('POST', `/organisations/${organisationId}/sso`, mapping);
  }
  removeSsoMapping(organisationId: string, mappingId: string) {
    return this.call<AnswerOf<'removeSsoMapping'>>(
      'DELETE',
      `/organisations/${organisationId}/sso/${mappingId}`,
    );
  }
  contacts(organisationId: string) {
    return this.call<AnswerOf<'listContacts'>>('GET', `/organisations/${organisationId}/contacts`);
  }
  addContact(organisationId: string, contact: BodyOf<'createContact'>) {
    return this.call<AnswerOf<'createContact'>>('POST', `/organisations/${organisationId}/contacts`, contact);
  }
  removeContact(id: string) {
    return this.call<AnswerOf<'removeContact'>>('DELETE', `/contacts/${id}`);
  }
  peers() {
    return this.call<AnswerOf<'listPeers'>>('GET', '/peers');
  }
  addPeer(peer: BodyOf<'createPeer'>) {
    return this.call<AnswerOf<'createPeer'>>('POST', '/peers', peer);
  }
  removePeer(id: string) {
    return this.call<AnswerOf<'deletePeer'>>('DELETE', `/peers/${id}`);
  }
  sharingGroups() {
    return this.call<AnswerOf<'listSharingGroups'>>('GET', '/sharing-groups');
  }
  createSharingGroup(group: BodyOf<'createSharingGroup'>) {
    return this.call<AnswerOf<'createSharingGroup'>>('POST', '/sharing-groups', group);
  }
  verifyAudit() {
    return this.call<AnswerOf<'verifyAudit'>>('GET', '/audit/verify');
  }
  adminAudit(after?: string) {
    return this.call<AnswerOf<'listAdminAudit'>>('GET', `/audit/admin${query({ after, limit: 100 })}`);
  }

  // Incidents: `incident` is an id or a reference (`CH-2026-0001`) wherever a method takes one.
  incidents(
    filter: Omit<QueryOf<'listIncidents'>, 'mode' | 'status'> &
      Blankable<QueryOf<'listIncidents'>, 'mode' | 'status'> = {},
  ) {
    return this.call<AnswerOf<'listIncidents'>>('GET', `/incidents${query({ limit: 200, ...filter })}`);
  }
  incident(incident: string) {
    return this.call<AnswerOf<'getIncident'>>('GET', `/incidents/${path(incident)}`);
  }
  declare(body: BodyOf<'declareIncident'>) {
    return this.call<AnswerOf<'declareIncident'>>('POST', '/incidents', body);
  }
  /** `body` may be left out where the action takes nothing (`activate`, `stand-down` with no rationale). */
  act<A extends IncidentAction>(incident: string, action: A, body?: BodyOf<IncidentActions[A]>) {
    return this.call<AnswerOf<IncidentActions[A]>>(
      'POST',
      `/incidents/${path(incident)}/${action}`,
      body ?? {},
    );
  }
  items(incident: string, filter: QueryOf<'listItems'>) {
    return this.call<AnswerOf<'listItems'>>('GET', `/incidents/${path(incident)}/items${query(filter)}`);
  }
  /** Every item of an incident (optionally one platform's), page after page. */
  async allItems(
    incident: string,
    filter: Pick<QueryOf<'listItems'>, 'platformKey'> = {},
  ): Promise<AnswerOf<'listItems'>['items']> {
    const items: AnswerOf<'listItems'>['items'] = [];
    let after: string | undefined;
    do {
      const page = await this.items(incident, { ...filter, limit: 500, after });
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }
  share(incident: string, item: BodyOf<'shareItem'>) {
    return this.call<AnswerOf<'shareItem'>>('POST', `/incidents/${path(incident)}/items`, item);
  }
  shareBulk(incident: string, items: BodyOf<'shareItems'>['items']) {
    return this.call<AnswerOf<'shareItems'>>('POST', `/incidents/${path(incident)}/items/bulk`, { items });
  }
  contain(
    incident: string,
    itemId: string,
    platformKey: string,
    status: BodyOf<'updateContainment'>['status'],
    reason?: string,
    /** How the platform answered and who said it, when a coordinator records it on the platform's behalf. */
    answer: Pick<BodyOf<'updateContainment'>, 'via' | 'reportedBy'> = {},
  ) {
    const body: BodyOf<'updateContainment'> = {
      status,
      ...(reason ? { reason } : {}),
      ...(answer.via ? { via: answer.via } : {}),
      ...(answer.reportedBy ? { reportedBy: answer.reportedBy } : {}),
    };
    return this.call<AnswerOf<'updateContainment'>>(
      'POST',
      `/incidents/${path(incident)}/items/${path(itemId)}/containment/${path(platformKey)}`,
      body,
    );
  }
  containment(incident: string) {
    return this.call<AnswerOf<'getIncidentContainment'>>('GET', `/incidents/${path(incident)}/containment`);
  }
  events(incident: string, after: number, limit = 200) {
    return this.call<AnswerOf<'listIncidentEvents'>>(
      'GET',
      `/incidents/${path(incident)}/events${query({ after, limit })}`,
    );
  }
  postMessage(incident: string, text: string) {
    const body: BodyOf<'postIncidentMessage'> = { text };
    return this.call<AnswerOf<'postIncidentMessage'>>('POST', `/incidents/${path(incident)}/messages`, body);
  }
  /** The after-action report: JSON parsed, the other formats as text; refusals as they came. */
  /** `lang`: the language of a Markdown or HTML report's headings and fixed phrases (English by default). */
  report(
    incident: string,
    format: NonNullable<QueryOf<'getIncidentReport'>['format']>,
    lang?: Language,
  ): Promise<HubResponse> {
    return this.raw('GET', `/incidents/${path(incident)}/report${query({ format, lang })}`);
  }
  exportItems(
    incident: string,
    format: NonNullable<QueryOf<'exportIncident'>['format']>,
  ): Promise<HubResponse> {
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
      const batch = await this.call<AnswerOf<'draftStatementsOfReasons'>>(
        'GET',
        `/incidents/${path(incident)}/statements-of-reasons${query({ platformKey, after })}`,
      );
      lines.push(JSON.stringify({ statements: batch.statements }));
      after = batch.next;
    } while (after);
    return `${lines.join('\n')}\n`;
  }

  // Elections and the warnings between their participants.
  elections(filter: QueryOf<'listElections'> = {}) {
    return this.call<AnswerOf<'listElections'>>('GET', `/elections${query(filter)}`);
  }
  election(id: string) {
    return this.call<AnswerOf<'getElection'>>('GET', `/elections/${path(id)}`);
  }
  createElection(election: BodyOf<'createElection'>) {
    return this.call<AnswerOf<'createElection'>>('POST', '/elections', election);
  }
  extendElection(id: string, extension: BodyOf<'extendElection'>) {
    return this.call<AnswerOf<'extendElection'>>('POST', `/elections/${path(id)}/extend`, extension);
  }
  warnings(electionId: string) {
    return this.call<AnswerOf<'listWarnings'>>('GET', `/elections/${path(electionId)}/warnings`);
  }
  issueWarning(electionId: string, warning: BodyOf<'issueWarning'>) {
    return this.call<AnswerOf<'issueWarning'>>('POST', `/elections/${path(electionId)}/warnings`, warning);
  }
  acknowledgeWarning(id: string) {
    return this.call<AnswerOf<'acknowledgeWarning'>>('POST', `/warnings/${path(id)}/acknowledge`);
  }

  // Analytics.
  /** Platforms' response times across incidents (coordinators, observers, admins). */
  responseTimes(filter: QueryOf<'getResponseTimes'> = {}) {
    return this.call<AnswerOf<'getResponseTimes'>>('GET', `/analytics/response-times${query({ ...filter })}`);
  }
  /** An election's bulletin of a day: JSON parsed, Markdown and HTML as text; refusals as they came. */
  electionBulletin(
    electionId: string,
    date: string,
    format: NonNullable<QueryOf<'getElectionBulletin'>['format']> = 'json',
  ): Promise<HubResponse> {
    return this.raw('GET', `/elections/${path(electionId)}/bulletin${query({ date, format })}`);
  }

  // Hash banks.
  banks() {
    return this.call<AnswerOf<'listBanks'>>('GET', '/banks');
  }
  bank(id: string) {
    return this.call<AnswerOf<'getBank'>>('GET', `/banks/${path(id)}`);
  }
  createBank(body: BodyOf<'createBank'>) {
    return this.call<AnswerOf<'createBank'>>('POST', '/banks', body);
  }
  bankSignals(id: string, page: QueryOf<'listBankSignals'> = {}) {
    return this.call<AnswerOf<'listBankSignals'>>('GET', `/banks/${path(id)}/signals${query(page)}`);
  }
  /** The bank's quarantined signals: they matched too many shares too fast, and their hits are held. */
  quarantinedSignals(bankId: string) {
    return this.bankSignals(bankId, { state: 'quarantined', limit: 100 });
  }
  /** An admin ends a quarantine: the held hits reach their incidents. */
  releaseSignal(bankId: string, signalId: string) {
    return this.call<AnswerOf<'releaseBankSignal'>>(
      'POST',
      `/banks/${path(bankId)}/signals/${path(signalId)}/release`,
    );
  }
  removeSignal(bankId: string, signalId: string) {
    return this.call<AnswerOf<'removeBankSignal'>>(
      'DELETE',
      `/banks/${path(bankId)}/signals/${path(signalId)}`,
    );
  }
  /** Agreement or disagreement with a signal's hit (on `itemId`, shown in that incident's room). */
  signalFeedback(bankId: string, signalId: string, body: BodyOf<'giveBankHitFeedback'>) {
    return this.call<AnswerOf<'giveBankHitFeedback'>>(
      'POST',
      `/banks/${path(bankId)}/signals/${path(signalId)}/feedback`,
      body,
    );
  }
  addSignals(id: string, body: BodyOf<'addBankSignals'>) {
    return this.call<AnswerOf<'addBankSignals'>>('POST', `/banks/${path(id)}/signals`, body);
  }
  /** The bank's latest hits in the incidents the member sees, newest first. */
  bankHits(id: string, limit: number) {
    return this.call<AnswerOf<'listBankHits'>>('GET', `/banks/${path(id)}/hits${query({ limit })}`);
  }
  /** A file into a bank, streamed as it is read (`contentType`: text/plain, text/csv, STIX or MISP JSON). */
  importBank(id: string, file: ReadableStream<Uint8Array> | Blob, contentType: string, algorithm?: string) {
    return this.call<AnswerOf<'importBankSignals'>>(
      'POST',
      `/banks/${path(id)}/import${query({ algorithm })}`,
      file,
      { 'content-type': contentType },
    );
  }

  // Exercises.
  scenarios() {
    return this.call<AnswerOf<'listScenarios'>>('GET', '/scenarios?limit=200');
  }
  /** A scenario in YAML or JSON, as written. */
  uploadScenario(text: string) {
    const json = text.trimStart().startsWith('{');
    return this.call<AnswerOf<'createScenario'>>('POST', '/scenarios', text, {
      'content-type': json ? 'application/json' : 'application/yaml',
    });
  }
  exercises(filter: Pick<QueryOf<'listExercises'>, 'incidentId'> = {}) {
    return this.call<AnswerOf<'listExercises'>>('GET', `/exercises${query({ ...filter, limit: 100 })}`);
  }
  exercise(id: string) {
    return this.call<AnswerOf<'getExercise'>>('GET', `/exercises/${path(id)}`);
  }
  startExercise(scenarioId: string, speed: number) {
    const body: BodyOf<'startExercise'> = { scenarioId, speed };
    return this.call<AnswerOf<'startExercise'>>('POST', '/exercises', body);
  }
  controlExercise(id: string, action: 'pause' | 'resume' | 'abort') {
    return this.call<AnswerOf<'pauseExercise' | 'resumeExercise' | 'abortExercise'>>(
      'POST',
      `/exercises/${path(id)}/${action}`,
    );
  }
}

/** A path segment as typed by a person: an id, a reference, a platform key. */
const path = (segment: string): string => encodeURIComponent(segment);
