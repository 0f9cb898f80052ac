import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { sdoId } from '@hub/domain';
import { createHash, randomUUID } from 'node:crypto';
import { documentedOperations, fill, type Operation } from './openapi-operations';

/**
 * Who may call what, for every documented operation: the answer's class for each kind of caller is
 * compared with this table. `Y`: let in (any answer but 401/403/404, never 5xx: a 400 for the empty body
 * or a 409 for the incident's state is still "let in"); `N`: kept out (401, 403 or 404, never 2xx).
 * Callers without a valid token (none, revoked, a deactivated member, a member of a deactivated
 * organisation) must always get 401 except on the public health checks.
 * A documented operation without a row fails the test: whoever adds a route decides who may call it.
 *
 * Columns: admin, coordinator, authority taking part, liaison taking part, observer, authority not taking
 * part, liaison not taking part.
 */
const MATRIX: Record<string, string> = {
  'GET /health/live': 'YYYYYYY',
  'GET /health/ready': 'YYYYYYY',
  'GET /metrics': 'YNNNNNN',
  'GET /api/v1/me': 'YYYYYYY',
  // Each member sets their own language, and only their own.
  'PATCH /api/v1/me': 'YYYYYYY',
  // The DISARM technique list: reference data every member may read.
  'GET /api/v1/techniques': 'YYYYYYY',
  'POST /api/v1/organisations': 'YNNNNNN',
  'GET /api/v1/organisations': 'YYYYYYY',
  'POST /api/v1/organisations/{id}/members': 'YNNNNNN',
  'POST /api/v1/members/{id}/revoke-tokens': 'YNNNNNN',
  'POST /api/v1/organisations/{id}/contacts': 'YNNNNNN',
  // The organisation here is the observer's: its own member reads its contacts, nobody else but an admin.
  'GET /api/v1/organisations/{id}/contacts': 'YNNNYNN',
  'DELETE /api/v1/contacts/{id}': 'YNNNNNN',
  // Receipt links: the signed link decides, never the bearer; a made-up one is refused alike for all (400).
  'GET /r/{token}': 'YYYYYYY',
  'POST /r/{token}': 'YYYYYYY',
  'PATCH /api/v1/organisations/{id}': 'YNNNNNN',
  // The observer's organisation has no webhook: a 409 for the admin, still "let in".
  'POST /api/v1/organisations/{id}/webhook/rotate-secret': 'YNNNNNN',
  // Admins, and the organisation's own members (the observer's organisation here).
  'GET /api/v1/organisations/{id}/members': 'YNNNYNN',
  'PATCH /api/v1/members/{id}': 'YNNNNNN',
  'GET /api/v1/audit/admin': 'YNNNYNN',
  'POST /api/v1/organisations/{id}/sso': 'YNNNNNN',
  'GET /api/v1/organisations/{id}/sso': 'YNNNNNN',
  'DELETE /api/v1/organisations/{id}/sso/{mappingId}': 'YNNNNNN',
  'GET /api/v1/members/{id}/tokens': 'YNNNNNN',
  'POST /api/v1/members/{id}/tokens': 'YNNNNNN',
  'GET /api/v1/members/{id}/sessions': 'YNNNNNN',
  'DELETE /api/v1/tokens/{id}': 'YNNNNNN',
  // Sign-in itself is public: a browser comes here without a session. No issuer is configured here, so
  // login answers 400 naming `issuer`, and the callback 400 (no sign-in under way).
  'GET /api/v1/auth/providers': 'YYYYYYY',
  'GET /api/v1/auth/login': 'YYYYYYY',
  'GET /api/v1/auth/callback': 'YYYYYYY',
  'POST /api/v1/auth/logout': 'YYYYYYY',
  'POST /api/v1/incidents': 'NYYNNYN',
  // Across incidents: those who see them all, and admins.
  'GET /api/v1/analytics/response-times': 'YYNNYNN',
  // The election's participants (the authority and the platform taking part), coordinators, observers.
  'GET /api/v1/elections/{id}/bulletin': 'NYYYYNN',
  // Off here (HUB_PUBLIC_TRANSPARENCY unset): 404 for everyone, token or not.
  'GET /transparency': 'NNNNNNN',
  'GET /transparency.json': 'NNNNNNN',
  // Everyone lists; each sees only what it may (an admin: nothing).
  'GET /api/v1/incidents': 'YYYYYYY',
  'GET /api/v1/incidents/{id}': 'NYYYYNN',
  'POST /api/v1/incidents/{id}/activate': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/reject': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/level': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/participants': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/stand-down': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/close': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/review': 'NYNNNNN',
  'POST /api/v1/incidents/{id}/messages': 'NYYYNNN',
  'GET /api/v1/incidents/{id}/events': 'NYYYYNN',
  'GET /api/v1/incidents/{id}/containment': 'NYYYYNN',
  'GET /api/v1/incidents/{id}/report': 'NYYYYNN',
  'GET /api/v1/incidents/{id}/export': 'NYYYYNN',
  'POST /api/v1/incidents/{id}/items/import': 'NYYYNNN',
  'GET /api/v1/incidents/{id}/statements-of-reasons': 'NYNYNNN',
  'POST /api/v1/incidents/{id}/items': 'NYYYNNN',
  'POST /api/v1/incidents/{id}/items/bulk': 'NYYYNNN',
  'GET /api/v1/incidents/{id}/items': 'NYYYYNN',
  'GET /api/v1/incidents/{id}/items/{itemId}': 'NYYYYNN',
  'POST /api/v1/incidents/{id}/items/{itemId}/containment/{platformKey}': 'NYNYNNN',
  'POST /api/v1/incidents/{id}/items/{itemId}/feedback': 'NYYYNNN',
  // Any member; the answer holds only items of incidents the caller can see.
  'POST /api/v1/hashes/match': 'YYYYYYY',
  'GET /api/v1/audit/verify': 'YNNNYNN',
  // A participants bank of the authority taking part (be): seen by those who take part in an incident with
  // it, coordinators, observers and admins; added to by admins, coordinators and be's own members.
  'POST /api/v1/banks': 'YYNNNNN',
  'GET /api/v1/banks': 'YYYYYYY',
  'GET /api/v1/banks/{id}': 'YYYYYNN',
  'GET /api/v1/banks/{id}/signals': 'YYYYYNN',
  // Those who see the bank; an admin is let in and sees no hit (no incident is an admin's to see).
  'GET /api/v1/banks/{id}/hits': 'YYYYYNN',
  'POST /api/v1/banks/{id}/signals': 'YYYNNNN',
  'DELETE /api/v1/banks/{id}/signals/{signalId}': 'YYYNNNN',
  'POST /api/v1/banks/{id}/import': 'YYYNNNN',
  // Only an admin ends a quarantine (the signal here is not quarantined: a 409, still "let in").
  'POST /api/v1/banks/{id}/signals/{signalId}/release': 'YNNNNNN',
  // Those who work incidents and see the bank; observers and admins give no verdicts.
  'POST /api/v1/banks/{id}/signals/{signalId}/feedback': 'NYYYNNN',
  'POST /api/v1/scenarios': 'NYNNNNN',
  'GET /api/v1/scenarios': 'NYNNNNN',
  // A scenario no run uses (a fresh one per call): admins delete it.
  'DELETE /api/v1/scenarios/{id}': 'YNNNNNN',
  'POST /api/v1/exercises': 'NYNNNNN',
  'GET /api/v1/exercises': 'NYNNNNN',
  // No run exists here: `?` takes a 404 for the coordinator, still never a 2xx for the others.
  'GET /api/v1/exercises/{id}': 'N?NNNNN',
  'POST /api/v1/exercises/{id}/pause': 'N?NNNNN',
  'POST /api/v1/exercises/{id}/resume': 'N?NNNNN',
  'POST /api/v1/exercises/{id}/abort': 'N?NNNNN',
  // TAXII: anyone discovers; an incident's collection as the incident (an admin sees none); a bank's
  // collection (be's participants bank) written by its contributors; a status read by the poster's
  // organisation only (be posted it).
  'GET /taxii2': 'YYYYYYY',
  'GET /taxii2/hub': 'YYYYYYY',
  'GET /taxii2/hub/collections': 'YYYYYYY',
  'GET /taxii2/hub/collections/{collectionId}': 'NYYYYNN',
  'GET /taxii2/hub/collections/{collectionId}/objects': 'NYYYYNN',
  'POST /taxii2/hub/collections/{collectionId}/objects': 'YYYNNNN',
  'GET /taxii2/hub/collections/{collectionId}/manifest': 'NYYYYNN',
  'GET /taxii2/hub/collections/{collectionId}/objects/{objectId}': 'NYYYYNN',
  'GET /taxii2/hub/collections/{collectionId}/objects/{objectId}/versions': 'NYYYYNN',
  'GET /taxii2/hub/status/{statusId}': 'NNYNNNN',
  // An election with be and videoshare taking part: seen by them, coordinators, observers and admins;
  // opened by coordinators and admins, extended by coordinators (the empty body's 400 is "let in").
  'POST /api/v1/elections': 'YYNNNNN',
  'GET /api/v1/elections': 'YYYYYYY',
  'GET /api/v1/elections/{id}': 'YYYYYNN',
  'POST /api/v1/elections/{id}/extend': 'NYNNNNN',
  // Warnings travel between the election's participants (be, videoshare); coordinators read them too. The
  // warning here is be's: videoshare receives it and acknowledges.
  'POST /api/v1/elections/{id}/warnings': 'NNYYNNN',
  'GET /api/v1/elections/{id}/warnings': 'NYYYNNN',
  'POST /api/v1/warnings/{id}/acknowledge': 'NNNYNNN',
  // Federation: admins connect peers (no such peer here: `?` takes the 404); coordinators watch them and
  // name sharing groups, authorities read the groups to choose one. The feed is for `peer` tokens only.
  'POST /api/v1/peers': 'YNNNNNN',
  'GET /api/v1/peers': 'YYNNNNN',
  'DELETE /api/v1/peers/{id}': '?NNNNNN',
  'POST /api/v1/sharing-groups': 'YYNNNNN',
  'GET /api/v1/sharing-groups': 'YYYNNYN',
  'GET /api/v1/federation/events': 'NNNNNNN',
  'POST /api/v1/federation/events': 'NNNNNNN',
};
/** Valid bodies where the empty one would be refused before access is decided (400 is not an answer here). */
const BODIES: Record<string, () => unknown> = {
  'POST /api/v1/organisations/{id}/sso': () => ({
    claim: 'groups',
    value: `matrix-${++shared}`,
    role: 'observer',
  }),
  'POST /api/v1/incidents/{id}/messages': () => ({ text: 'matrix' }),
  'POST /api/v1/incidents/{id}/items': () => shareBody(),
  'POST /api/v1/incidents/{id}/items/bulk': () => ({ items: [shareBody()] }),
  'POST /api/v1/incidents/{id}/items/{itemId}/containment/{platformKey}': () => ({ status: 'acknowledged' }),
  'POST /api/v1/incidents/{id}/items/{itemId}/feedback': () => ({ verdict: 'agree' }),
  'POST /api/v1/banks': () => ({ name: 'Matrix bank', visibility: 'members' }),
  'POST /api/v1/elections/{id}/warnings': () => ({ title: 'Matrix warning', text: 'A forged instruction' }),
  'POST /api/v1/banks/{id}/signals': () => ({ signals: [{ algorithm: 'md5', value: 'ab'.repeat(16) }] }),
  'POST /api/v1/banks/{id}/signals/{signalId}/feedback': () => ({ verdict: 'agree' }),
  'POST /taxii2/hub/collections/{collectionId}/objects': () => ({ objects: [stixIndicator()] }),
};
const stixIndicator = () => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${randomUUID()}`,
  created: '2026-03-01T10:00:00.000Z',
  modified: '2026-03-01T10:00:00.000Z',
  pattern: `[file:hashes.'MD5' = '${createHash('md5').update(randomUUID()).digest('hex')}']`,
  pattern_type: 'stix',
  valid_from: '2026-03-01T10:00:00.000Z',
});
/** TAXII routes answer their own media type only (406 otherwise) and read envelopes in it. */
const TAXII = 'application/taxii+json;version=2.1';
/** Valid queries where a missing one would be refused before access is decided. */
const QUERIES: Record<string, string> = {
  'GET /api/v1/incidents/{id}/export': '?format=te',
  'GET /api/v1/incidents/{id}/statements-of-reasons': '?platformKey=videoshare',
  'GET /api/v1/elections/{id}/bulletin': '?date=2026-06-01',
};
let shared = 0;
const shareBody = () => ({
  kind: 'url',
  url: `https://videoshare.example/watch?v=matrix${++shared}`,
  channel: 'referral',
});
const CALLERS = [
  'admin',
  'coordinator',
  'authority',
  'liaison',
  'observer',
  'outsiderAuthority',
  'outsiderLiaison',
];
/** What a caller without a token gets on the public routes. */
const PUBLIC: Record<string, number> = {
  'GET /health/live': 200,
  'GET /health/ready': 200,
  'GET /api/v1/auth/providers': 200,
  'GET /api/v1/auth/login': 400,
  'GET /api/v1/auth/callback': 400,
  'POST /api/v1/auth/logout': 204,
  'GET /transparency': 404,
  'GET /transparency.json': 404,
};
/** Outside bearer authentication: answered by the link in the path, the same with or without a token. */
const LINKS = new Set(['GET /r/{token}', 'POST /r/{token}']);

describe('the authorisation matrix, from the OpenAPI document', () => {
  let t: TestHub;
  let as: Cast;
  let operations: Operation[];
  let tokens: Record<string, string>;
  let revoked: string;
  let deactivatedMember: string;
  let ofDeactivatedOrganisation: string;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'matrix' });
    as = await t.seed();
    operations = await documentedOperations(t.url);
    // Undocumented probes (/health, /metrics) are routes too: walk them as well.
    for (const key of ['GET /health/live', 'GET /health/ready', 'GET /metrics']) {
      if (!operations.some((o) => o.key === key)) {
        const [method, path] = key.split(' ');
        operations.push({ method, path, key });
      }
    }
    tokens = {
      admin: t.adminToken,
      coordinator: as.coordinator.token,
      authority: as.be.token,
      liaison: as.videoshare.token,
      observer: as.observer.token,
      outsiderAuthority: as.de.token,
      outsiderLiaison: as.clipcast.token,
    };
    const gone = await t.admin.post(`/organisations/${as.coordinator.organisation.id}/members`, {
      displayName: 'Former coordinator',
      role: 'coordinator',
    });
    revoked = gone.body.token;
    expect((await t.admin.post(`/members/${gone.body.member.id}/revoke-tokens`, {})).status).toBeLessThan(
      300,
    );
    const switchedOff = await t.admin.post(`/organisations/${as.coordinator.organisation.id}/members`, {
      displayName: 'Deactivated coordinator',
      role: 'coordinator',
    });
    deactivatedMember = switchedOff.body.token;
    expect((await t.admin.patch(`/members/${switchedOff.body.member.id}`, { active: false })).status).toBe(
      200,
    );
    const closedDown = await t.admin.post('/organisations', {
      name: 'Dissolved authority',
      kind: 'authority',
      country: 'LU',
    });
    const itsMember = await t.admin.post(`/organisations/${closedDown.body.id}/members`, {
      displayName: 'Former officer',
      role: 'authority',
    });
    ofDeactivatedOrganisation = itsMember.body.token;
    expect((await t.admin.patch(`/organisations/${closedDown.body.id}`, { active: false })).status).toBe(200);
  });
  afterAll(() => t?.close());

  /** Real resources behind the placeholders, fresh per operation (a call let in may change them). */
  async function resources(path: string, method: string): Promise<Record<string, string>> {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare', 'observer'] });
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: `https://videoshare.example/watch?v=${incident.id}`,
      channel: 'referral',
    });
    const values = { id: incident.id, itemId: shared.body.item.id, platformKey: 'videoshare' };
    if (path.includes('/sso/{mappingId}')) {
      const mapping = await t.admin.post(`/organisations/${as.observer.organisation.id}/sso`, {
        claim: 'groups',
        value: `matrix-${incident.id}`,
        role: 'observer',
      });
      return { ...values, id: as.observer.organisation.id, mappingId: mapping.body.id };
    }
    if (path.includes('/organisations/{id}')) return { ...values, id: as.observer.organisation.id };
    if (path.includes('/members/{id}')) {
      const spare = await t.admin.post(`/organisations/${as.observer.organisation.id}/members`, {
        displayName: 'Spare observer',
        role: 'observer',
      });
      return { ...values, id: spare.body.member.id };
    }
    if (path.includes('/contacts/{id}')) {
      const contact = await t.admin.post(`/organisations/${as.observer.organisation.id}/contacts`, {
        name: 'Spare contact',
        email: 'spare@observer.example',
        tier: 1,
      });
      return { ...values, id: contact.body.id };
    }
    if (path.includes('/r/{token}')) return { ...values, token: 'not-a-receipt-link' };
    if (path.includes('/elections/{id}') || path.includes('/warnings/{id}')) {
      const now = Date.now();
      const election = await as.coordinator.api.post('/elections', {
        name: 'Matrix election',
        votingDays: [new Date(now).toISOString().slice(0, 10)],
        activeFrom: new Date(now - 86_400_000).toISOString(),
        activeUntil: new Date(now + 86_400_000).toISOString(),
        participants: [as.be.organisation.id],
        platforms: ['videoshare'],
      });
      expect(election.status).toBe(201);
      if (!path.includes('/warnings/{id}')) return { ...values, id: election.body.id };
      const warning = await as.be.api.post(`/elections/${election.body.id}/warnings`, {
        title: 'Matrix warning',
        text: 'A forged ballot instruction',
      });
      expect(warning.status).toBe(201);
      return { ...values, id: warning.body.id };
    }
    if (path.includes('/exercises/{id}')) return { ...values, id: '00000000-0000-4000-8000-000000000000' };
    if (path.includes('/scenarios/{id}')) {
      const scenario = await as.coordinator.api.post('/scenarios', {
        name: `Matrix drill ${incident.id}`,
        category: 'other',
        level: 'awareness',
        organisations: { coord: { kind: 'coordinator' } },
        injects: [
          { at: '0m', by: 'coord', do: 'activate', title: 'Matrix drill' },
          { at: '5m', by: 'coord', do: 'close', summary: 'Done.' },
        ],
      });
      expect(scenario.status).toBe(201);
      return { ...values, id: scenario.body.id };
    }
    if (path.includes('{collectionId}') && method === 'GET') {
      return { ...values, collectionId: incident.id, objectId: sdoId('report', `incident:${incident.id}`) };
    }
    if (path.includes('/banks/{id}') || path.includes('{collectionId}') || path.includes('{statusId}')) {
      const bank = await t.admin.post('/banks', {
        name: 'Matrix participants bank',
        visibility: 'participants',
        organisationId: as.be.organisation.id,
      });
      const signals = await t.admin.post(`/banks/${bank.body.id}/signals`, {
        signals: [{ algorithm: 'md5', value: 'cd'.repeat(16) }],
      });
      expect(signals.body.added).toBe(1);
      const page = await t.admin.get(`/banks/${bank.body.id}/signals`);
      const posted = await fetch(`${t.url}/taxii2/hub/collections/${bank.body.id}/objects/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as.be.token}`, accept: TAXII, 'content-type': TAXII },
        body: JSON.stringify({ objects: [stixIndicator()] }),
      });
      const status = (await posted.json()) as { id: string };
      return {
        ...values,
        id: bank.body.id,
        signalId: page.body.items[0].id,
        collectionId: bank.body.id,
        statusId: status.id,
      };
    }
    if (path.includes('/tokens/{id}')) {
      const spare = await t.admin.post(`/organisations/${as.observer.organisation.id}/members`, {
        displayName: 'Spare observer',
        role: 'observer',
      });
      const tokens = await t.admin.get(`/members/${spare.body.member.id}/tokens`);
      return { ...values, id: tokens.body.items[0].id };
    }
    return values;
  }

  const call = async (op: Operation, path: string, token?: string) => {
    const taxii = op.path.startsWith('/taxii2');
    const res = await fetch(`${t.url}${path}${QUERIES[op.key] ?? ''}`, {
      method: op.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(op.method === 'GET' ? {} : { 'content-type': taxii ? TAXII : 'application/json' }),
        ...(taxii && { accept: TAXII }),
      },
      body: op.method === 'GET' ? undefined : JSON.stringify(BODIES[op.key]?.() ?? {}),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const classOf = (status: number) => (status >= 500 ? '5' : [401, 403, 404].includes(status) ? 'N' : 'Y');

  it('has a row for every documented operation', () => {
    const missing = operations.map((o) => o.key).filter((k) => MATRIX[k] === undefined);
    expect(missing).toEqual([]);
  });

  it('answers each caller as the table says: never a 5xx, never let in where kept out', async () => {
    const observed: Record<string, string> = {};
    const problems: string[] = [];
    for (const op of operations) {
      const path = fill(op.path, await resources(op.path, op.method));
      // Those kept out first: a call let in may change the incident (close it, for one).
      const order = CALLERS.map((c, i) => [c, i] as const).sort(
        ([, a], [, b]) => Number(MATRIX[op.key]?.[a] === 'Y') - Number(MATRIX[op.key]?.[b] === 'Y'),
      );
      const classes: string[] = [];
      for (const [caller, i] of order) classes[i] = classOf(await call(op, path, tokens[caller]));
      const row = classes.join('');
      observed[op.key] = row;
      const expected = MATRIX[op.key] ?? '';
      const matches = [...row].every((c, i) => c === expected[i] || (expected[i] === '?' && c !== '5'));
      if (!matches) problems.push(`${op.key}: expected ${MATRIX[op.key]}, got ${row}`);
      for (const [who, token] of [
        ['no token', undefined],
        ['revoked token', revoked],
        ['deactivated member', deactivatedMember],
        ['member of a deactivated organisation', ofDeactivatedOrganisation],
      ] as const) {
        const status = await call(op, path, token);
        const expected = PUBLIC[op.key] ?? (LINKS.has(op.key) ? 400 : 401);
        if (status !== expected) problems.push(`${op.key} with ${who}: expected ${expected}, got ${status}`);
      }
    }
    if (process.env.MATRIX_PRINT) console.log(JSON.stringify(observed, null, 2));
    expect(problems).toEqual([]);
  }, 300_000);
});
