import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubClient } from './hub-client';

/**
 * The typed client against the hub's OpenAPI document (`docs/openapi.json`): every request its methods send
 * (those the console and the command line call) names a documented operation, with a documented media type,
 * and a JSON body that the operation's request schema accepts, closed as the hub's validation is. A method
 * whose path, verb or body drifts from the document fails here.
 */
type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const document = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'), 'utf8'),
) as Document;

function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)])) as Schema;
  if (out.properties && out.type === 'object') out.additionalProperties = false;
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'doc', components: closed(document.components) } as object);
const validators = new Map<string, ValidateFunction>();
const bodyValidator = (operationId: string, schema: Schema): ValidateFunction => {
  let validate = validators.get(operationId);
  if (!validate) {
    const text = JSON.stringify(closed(schema)).replace(/"#\/components\//g, '"doc#/components/');
    validate = ajv.compile(JSON.parse(text) as Schema);
    validators.set(operationId, validate);
  }
  return validate;
};

function operationOf(method: string, url: string): Operation | undefined {
  const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
  const templates = Object.keys(document.paths).filter(
    (t) => document.paths[t][method] && new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path),
  );
  // The template with the most literal segments (`/items/bulk` before `/items/{itemId}`).
  const best = templates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  return best ? document.paths[best][method] : undefined;
}

const ID = '0e4a6c2e-8a55-4f3b-9d8e-2f1c0d9b7a61';
const REF = 'CH-2026-0001';

describe('HubClient against the OpenAPI document', () => {
  const sent: { method: string; url: string; body: unknown; contentType?: string }[] = [];
  const realFetch = globalThis.fetch;
  beforeAll(() => {
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      sent.push({
        method: (init.method ?? 'GET').toLowerCase(),
        url,
        body:
          typeof init.body === 'string' && headers['content-type'] === 'application/json'
            ? JSON.parse(init.body)
            : init.body,
        contentType: headers['content-type'],
      });
      return new Response(JSON.stringify({ items: [], statements: [], results: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('sends only documented operations, media types and bodies', async () => {
    const hub = new HubClient({ url: 'http://hub.example', token: 't' });
    await hub.me();
    await hub.updateMe({ language: 'fr' });
    await hub.signInProviders();
    await hub.signOut();
    await hub.organisations();
    await hub.createOrganisation({
      name: 'VideoShare',
      kind: 'platform',
      platformKey: 'videoshare',
      domains: [],
    });
    await hub.updateOrganisation(ID, { name: 'VideoShare EU', active: true });
    await hub.rotateSecret(ID, { graceMinutes: 60, webhook: 'webhook' });
    await hub.members(ID);
    await hub.addMember(ID, { displayName: 'Night desk', role: 'liaison' });
    await hub.updateMember(ID, { role: 'observer', active: false });
    await hub.revokeTokens(ID);
    await hub.tokens(ID);
    await hub.createToken(ID);
    await hub.revokeToken(ID);
    await hub.sessions(ID);
    await hub.ssoMappings(ID);
    await hub.addSsoMapping(ID, { claim: 'groups', value: 'crisis', role: 'authority' });
    await hub.removeSsoMapping(ID, ID);
    await hub.contacts(ID);
    await hub.addContact(ID, { name: 'Desk', email: 'desk@videoshare.example', tier: 1, languages: ['fr'] });
    await hub.removeContact(ID);
    await hub.peers();
    await hub.addPeer({
      name: 'eu-hub',
      url: 'https://eu-hub.example',
      token: 'a-token-the-eu-hub-issued',
      organisationId: ID,
    });
    await hub.removePeer(ID);
    await hub.sharingGroups();
    await hub.createSharingGroup({ name: 'Benelux', peers: [ID] });
    await hub.elections({ status: 'active' });
    await hub.election(ID);
    await hub.createElection({
      name: 'Parliamentary elections',
      country: 'BE',
      votingDays: ['2026-06-07'],
      activeFrom: '2026-05-01T00:00:00.000Z',
      activeUntil: '2026-06-30T00:00:00.000Z',
      languages: ['nl', 'fr'],
      participants: [ID],
      platforms: ['videoshare'],
    });
    await hub.extendElection(ID, { until: '2026-07-15T00:00:00.000Z', reason: 'Run-off' });
    await hub.warnings(ID);
    await hub.issueWarning(ID, { title: 'Deepfake', text: 'A forged video', severity: 'urgent' });
    await hub.acknowledgeWarning(ID);
    await hub.verifyAudit();
    await hub.adminAudit();
    await hub.incidents({ status: 'active', mode: 'live' });
    await hub.incident(REF);
    await hub.declare({
      title: 'Attack livestream',
      summary: 'Spreading',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [ID],
      platforms: ['videoshare'],
      criteria: ['ongoing violent event'],
    });
    for (const action of ['activate', 'reject', 'stand-down', 'review'] as const)
      await hub.act(REF, action, { rationale: 'r' });
    await hub.act(REF, 'level', { level: 'incident' });
    await hub.act(REF, 'participants', { organisationId: ID });
    await hub.act(REF, 'close', { summary: 'done' });
    await hub.allItems(REF, { platformKey: 'videoshare' });
    await hub.share(REF, { kind: 'url', url: 'https://videoshare.example/v/1', channel: 'referral' });
    await hub.share(REF, {
      kind: 'account',
      account: { platformKey: 'videoshare', handle: '@x' },
      channel: 'alert',
    });
    await hub.shareBulk(REF, [
      { kind: 'hash', hash: { algorithm: 'pdq', value: 'f'.repeat(64) }, channel: 'alert' },
    ]);
    await hub.contain(REF, ID, 'videoshare', 'removed', 'TCO order');
    await hub.containment(REF);
    await hub.events(REF, 0);
    await hub.postMessage(REF, 'Second wave expected');
    await hub.report(REF, 'md');
    await hub.exportItems(REF, 'stix');
    await hub.statementLines(REF, 'videoshare');
    await hub.responseTimes({ from: '2026-05-01', category: 'election_integrity' });
    await hub.electionBulletin(ID, '2026-06-01', 'md');
    await hub.banks();
    await hub.bank(ID);
    await hub.createBank({ name: 'Known footage', visibility: 'members' });
    await hub.bankSignals(ID, { limit: 10 });
    await hub.quarantinedSignals(ID);
    await hub.releaseSignal(ID, ID);
    await hub.removeSignal(ID, ID);
    await hub.signalFeedback(ID, ID, { verdict: 'disagree', itemId: ID });
    await hub.addSignals(ID, { signals: [{ algorithm: 'pdq', value: 'f'.repeat(64) }] });
    await hub.bankHits(ID, 5);
    await hub.importBank(ID, new Blob(['pdq ffff']), 'text/plain');
    await hub.scenarios();
    await hub.uploadScenario('name: x\n');
    await hub.exercises({ incidentId: ID });
    await hub.exercise(ID);
    await hub.startExercise(ID, 60);
    await hub.controlExercise(ID, 'pause');

    const failures: string[] = [];
    const seen = new Set<string>();
    for (const request of sent) {
      const operation = operationOf(request.method, request.url);
      if (!operation) {
        failures.push(`${request.method.toUpperCase()} ${request.url}: not in the document`);
        continue;
      }
      seen.add(operation.operationId);
      if (request.body === undefined) continue;
      const content = operation.requestBody?.content ?? {};
      const type = request.contentType ?? '';
      if (!content[type]) {
        failures.push(`${operation.operationId}: ${type} not among ${Object.keys(content).join(', ')}`);
        continue;
      }
      const schema = content[type].schema;
      if (type !== 'application/json' || !schema) continue;
      const validate = bodyValidator(operation.operationId, schema);
      if (!validate(request.body))
        failures.push(
          `${operation.operationId}: ${(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`).join('; ')}`,
        );
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(55);
  });
});
