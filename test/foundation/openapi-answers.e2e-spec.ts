import { HUB_OPTIONS } from '@hub/app';
import { ApiClient, startTestHub, type ApiResponse, type TestHub } from '@hub/testing';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';

/**
 * The answers of the main flows, as the hub really sends them, validated against the document's schema
 * for their operation and status: an answer that gains a field the document does not list, loses a
 * required one or changes its type fails here, so the document cannot drift from the answers either.
 * Object schemas are checked closed (`unevaluatedProperties: false`) though the document leaves them open
 * (shapes may grow, and clients must not break on growth): growth is welcome, undocumented growth is not.
 */
type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Every object schema closed, in a copy. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)])) as Schema;
  if (out.properties && out.type === 'object') out.unevaluatedProperties = false;
  return out;
}

class Checker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly checked = new Set<string>();
  readonly failures: string[] = [];

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'doc', components: closed(document.components) } as object);
  }

  /** The documented path a request's path answers to: the template with the most literal segments. */
  private template(method: string, path: string): string | undefined {
    const bare = path.split('?')[0];
    const matches = Object.keys(this.document.paths).filter((t) => {
      if (!this.document.paths[t][method]) return false;
      const pattern = new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`);
      return pattern.test(bare);
    });
    return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  }

  check(method: string, path: string, res: ApiResponse<unknown>): void {
    const lower = method.toLowerCase();
    const template = this.template(lower, path);
    if (!template) {
      this.failures.push(`${method} ${path}: not in the document`);
      return;
    }
    const operation = this.document.paths[template][lower];
    const key = `${operation.operationId} ${res.status}`;
    if (res.status >= 300) {
      this.failures.push(`${key}: the flow failed (${JSON.stringify(res.body).slice(0, 300)})`);
      return;
    }
    const schema = operation.responses[String(res.status)]?.content?.['application/json']?.schema;
    if (!schema) {
      if (res.status !== 204) this.failures.push(`${key}: no JSON schema for this status`);
      return;
    }
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema));
      this.validators.set(key, validate);
    }
    if (!validate(res.body)) {
      const errors = (validate.errors ?? []).slice(0, 5);
      this.failures.push(
        `${key}: ${errors.map((e) => `answer${e.instancePath} ${e.message} (${JSON.stringify(e.data)})`).join('; ')}`,
      );
    }
    this.checked.add(operation.operationId);
  }
}

/** A response schema as its own root: its `$ref`s point into the document's components. */
function rebase(schema: Schema): Schema {
  const text = JSON.stringify(closed(schema)).replace(/"#\/components\//g, '"doc#/components/');
  return JSON.parse(text) as Schema;
}

class CheckedClient extends ApiClient {
  constructor(
    baseUrl: string,
    token: string,
    private readonly checker: Checker,
  ) {
    super(baseUrl, token);
  }

  override async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await super.request<T>(method, path, body, headers);
    const documented = path.startsWith('/health') ? path : `/api/v1${path}`;
    this.checker.check(method, documented, res as ApiResponse<unknown>);
    return res;
  }
}

describe('real answers against the OpenAPI document', () => {
  let t: TestHub;
  let checker: Checker;
  let as: Record<string, CheckedClient>;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'openapians', redis: false });
    const document = (await (await fetch(`${t.url}/docs-json`)).json()) as Document;
    checker = new Checker(document);
    const cast = await t.seed();
    as = Object.fromEntries(
      Object.entries(cast).map(([k, m]) => [k, new CheckedClient(t.url, m.token, checker)]),
    );
    as.admin = new CheckedClient(t.url, t.adminToken, checker);
    orgs = Object.fromEntries(Object.entries(cast).map(([k, m]) => [k, m.organisation.id]));
  }, 60_000);
  afterAll(() => t?.close());

  it('an incident from declaration to review, with items, containment and messages', async () => {
    const incident = (
      await as.be.post('/incidents', {
        title: 'Attack livestream spreading',
        summary: 'A livestream of an attack is being re-uploaded across services.',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [orgs.be, orgs.videoshare],
        platforms: ['videoshare'],
        criteria: ['ongoing real-world violent event'],
        rationale: 'Perpetrator-produced footage',
      })
    ).body as { id: string };
    const base = `/incidents/${incident.id}`;
    await as.coordinator.get('/incidents');
    await as.coordinator.get(base);
    await as.coordinator.post(`${base}/activate`, { rationale: 'Spreading fast' });
    const shared = (
      await as.be.post(`${base}/items`, {
        kind: 'url',
        url: 'https://videoshare.example/watch/abc',
        channel: 'referral',
        metadata: { contentType: 'video', language: 'en' },
      })
    ).body as { item: { id: string } };
    await as.be.post(`${base}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch/abc',
      channel: 'referral',
    });
    await as.be.post(`${base}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: 'f'.repeat(64), quality: 90 },
      channel: 'alert',
    });
    await as.be.post(`${base}/items/bulk`, {
      items: [
        { kind: 'account', account: { platformKey: 'videoshare', handle: 'attacker' }, channel: 'alert' },
        { kind: 'url', channel: 'alert' },
      ],
    });
    await as.be.get(`${base}/items`);
    await as.be.get(`${base}/items/${shared.item.id}`);
    await as.videoshare.post(`${base}/items/${shared.item.id}/containment/videoshare`, {
      status: 'acknowledged',
    });
    await as.videoshare.post(`${base}/items/${shared.item.id}/containment/videoshare`, {
      status: 'removed',
      reason: 'Terms of service',
    });
    await as.videoshare.post(`${base}/items/${shared.item.id}/feedback`, { verdict: 'agree' });
    await as.be.post(`${base}/messages`, { text: 'Mirrors appearing on clipcast' });
    await as.be.get(`${base}/events`);
    await as.be.get(`${base}/containment`);
    await as.be.post('/hashes/match', { algorithm: 'pdq', value: 'f'.repeat(64) });
    await as.be.post('/hashes/match', { algorithm: 'pdq', values: ['f'.repeat(64), '0'.repeat(64)] });
    await as.videoshare.get(`${base}/statements-of-reasons?platformKey=videoshare`);
    await as.coordinator.post(`${base}/level`, { level: 'incident' });
    await as.coordinator.post(`${base}/stand-down`, { rationale: 'Contained' });
    await as.coordinator.post(`${base}/close`, { summary: 'Removed on every service' });
    await as.coordinator.post(`${base}/review`, { summary: 'Review done' });
    await as.coordinator.get('/analytics/response-times');
    await as.observer.get('/analytics/response-times?category=terrorist_content&from=2026-01-01');
    // An election written behind the API (its routes are another feature's), the incident under it.
    const election = randomUUID();
    await t.sql.query(
      `INSERT INTO elections (id, name, voting_days, active_from, active_until, participants)
       VALUES ($1, 'Answers elections', ARRAY[current_date], now() - interval '1 day', now() + interval '1 day', $2::uuid[])`,
      [election, [orgs.be, orgs.videoshare]],
    );
    await t.sql.query(`UPDATE incidents SET election_id = $2 WHERE id = $1`, [incident.id, election]);
    await as.be.get(`/elections/${election}/bulletin?date=${new Date().toISOString().slice(0, 10)}`);
    expect(checker.failures.splice(0)).toEqual([]);
  });

  it('banks, identity and administration', async () => {
    const bank = (await as.coordinator.post('/banks', { name: 'Attack footage', visibility: 'members' }))
      .body as { id: string };
    await as.coordinator.post(`/banks/${bank.id}/signals`, {
      signals: [
        { algorithm: 'pdq', value: 'a'.repeat(64), quality: 90, label: 'frame 1' },
        { algorithm: 'md5', value: 'nope' },
      ],
    });
    await as.coordinator.get('/banks');
    await as.coordinator.get(`/banks/${bank.id}`);
    const signals = (await as.coordinator.get(`/banks/${bank.id}/signals`)).body as {
      items: { id: string }[];
    };
    await as.coordinator.get(`/banks/${bank.id}/hits`);
    await as.coordinator.delete(`/banks/${bank.id}/signals/${signals.items[0].id}`);

    await as.be.get('/me');
    await as.admin.get('/me');
    await as.admin.get('/organisations');
    const org = (
      await as.admin.post('/organisations', {
        name: 'Streamly',
        kind: 'platform',
        platformKey: 'streamly',
        domains: ['streamly.example'],
        webhook: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32) },
      })
    ).body as { id: string };
    const member = (
      await as.admin.post(`/organisations/${org.id}/members`, { displayName: 'Duty desk', role: 'liaison' })
    ).body as { member: { id: string } };
    await as.admin.patch(`/organisations/${org.id}`, { name: 'Streamly EU' });
    await as.admin.post(`/organisations/${org.id}/webhook/rotate-secret`, { graceMinutes: 30 });
    await as.admin.get(`/organisations/${org.id}/members`);
    await as.admin.patch(`/members/${member.member.id}`, { active: true });
    await as.admin.post(`/members/${member.member.id}/tokens`);
    await as.admin.get(`/members/${member.member.id}/tokens`);
    await as.admin.get(`/members/${member.member.id}/sessions`);
    await as.admin.post(`/members/${member.member.id}/revoke-tokens`);
    await as.admin.post(`/organisations/${org.id}/contacts`, {
      name: 'Duty desk',
      email: 'desk@streamly.example',
      tier: 1,
    });
    await as.admin.get(`/organisations/${org.id}/contacts`);
    await as.admin.post(`/organisations/${org.id}/sso`, {
      claim: 'groups',
      value: 'streamly-desk',
      role: 'liaison',
    });
    await as.admin.get(`/organisations/${org.id}/sso`);
    await as.admin.get('/audit/admin');
    await as.admin.get('/audit/verify');
    await as.admin.get('/auth/providers');
    expect(checker.failures.splice(0)).toEqual([]);
  });

  it('covers the main operations', () => {
    const main = [
      'declareIncident',
      'listIncidents',
      'getIncident',
      'activateIncident',
      'shareItem',
      'shareItems',
      'listItems',
      'getItem',
      'updateContainment',
      'listIncidentEvents',
      'getIncidentContainment',
      'matchHash',
      'closeIncident',
      'createBank',
      'addBankSignals',
      'listBankSignals',
      'getMe',
      'createOrganisation',
      'createMember',
      'getResponseTimes',
      'getElectionBulletin',
    ];
    expect(main.filter((id) => !checker.checked.has(id))).toEqual([]);
  });
});
