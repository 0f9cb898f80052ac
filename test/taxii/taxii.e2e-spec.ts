import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TAXII = 'application/taxii+json;version=2.1';
const MD5 = 'cab08b36195edb1a1231d2d09fa450e0';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

/** The OASIS STIX 2.1 schemas (test/fixtures/stix-schemas), one validator per object type. */
function stixValidator(): (object: { type: string }) => unknown[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addFormat('idn-hostname', true);
  const root = join(__dirname, '../fixtures/stix-schemas');
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(root, dir, file), 'utf8')));
    }
  }
  const schemaOf: Record<string, string> = {
    identity: 'sdos/identity.json',
    report: 'sdos/report.json',
    indicator: 'sdos/indicator.json',
    'user-account': 'observables/user-account.json',
  };
  return (object) => {
    const validate = ajv.getSchema(
      `http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/${schemaOf[object.type]}`,
    )!;
    return validate(object) ? [] : (validate.errors ?? ['invalid']);
  };
}

describe('TAXII 2.1', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  let bank: any;
  const pdq = pdqHash();
  const valid = stixValidator();

  /** A TAXII request as a TAXII client sends it: Basic with the token as password, TAXII's Accept. */
  const taxii = async (
    path: string,
    opts: { token?: string | null; basic?: boolean; accept?: string; method?: string; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = { accept: opts.accept ?? TAXII };
    const token = opts.token === undefined ? as.be.token : opts.token;
    if (token !== null) {
      headers.authorization =
        opts.basic === false
          ? `Bearer ${token}`
          : `Basic ${Buffer.from(`taxii-client:${token}`).toString('base64')}`;
    }
    if (opts.body !== undefined) headers['content-type'] = TAXII;
    const res = await fetch(`${t.url}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const objectsPath = (id: string) => `/taxii2/hub/collections/${id}/objects/`;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'taxii' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const shares = [
      { kind: 'url', url: 'https://videoshare.example/v/taxii-me' },
      { kind: 'hash', hash: { algorithm: 'pdq', value: pdq, quality: 90 } },
      { kind: 'hash', hash: { algorithm: 'md5', value: MD5 } },
      { kind: 'hash', hash: { algorithm: 'sha256', value: SHA256 } },
      { kind: 'account', account: { platformKey: 'videoshare', handle: 'perp_uploader' } },
    ];
    for (const share of shares) {
      const res = await as.be.api.post(`/incidents/${incident.id}/items`, { ...share, channel: 'alert' });
      expect(res.status).toBe(201);
    }
    bank = (await as.coordinator.api.post('/banks', { name: 'Known attack content', visibility: 'members' }))
      .body;
  });
  afterAll(() => t?.close());

  it('discovery names the API root; the root announces version 2.1', async () => {
    const res = await taxii('/taxii2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/taxii+json');
    expect(res.body.api_roots).toEqual([`${t.url}/taxii2/hub/`]);
    const root = await taxii(new URL(res.body.api_roots[0]).pathname);
    expect(root.body).toMatchObject({ versions: [TAXII], max_content_length: expect.any(Number) });
  });

  it('takes the token as a bearer or as Basic’s password, and refuses anything else with 401', async () => {
    expect((await taxii('/taxii2/', { basic: false })).status).toBe(200);
    const none = await taxii('/taxii2/', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    expect(none.body).toMatchObject({ title: 'Unauthorized', http_status: '401' });
    expect((await taxii('/taxii2/', { token: 'not-a-token' })).status).toBe(401);
    // Basic is for TAXII only: the rest of the API still wants a bearer token.
    const basicElsewhere = await fetch(`${t.url}/api/v1/me`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${as.be.token}`).toString('base64')}` },
    });
    expect(basicElsewhere.status).toBe(401);
  });

  it('answers 406 to another Accept', async () => {
    const res = await taxii('/taxii2/', { accept: 'application/json' });
    expect(res.status).toBe(406);
    expect(res.body).toMatchObject({ title: 'Not Acceptable', http_status: '406' });
  });

  it('lists a collection per incident and bank the caller sees, and no other', async () => {
    const be = await taxii('/taxii2/hub/collections/');
    expect(be.status).toBe(200);
    expect(be.body.collections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: incident.id, can_read: true, can_write: false }),
        expect.objectContaining({ id: bank.id, can_read: true, can_write: false }),
      ]),
    );
    const coordinator = await taxii('/taxii2/hub/collections/', { token: as.coordinator.token });
    expect(coordinator.body.collections.find((c: any) => c.id === bank.id).can_write).toBe(true);
    const de = await taxii('/taxii2/hub/collections/', { token: as.de.token });
    expect(de.body.collections.map((c: any) => c.id)).not.toContain(incident.id);
    expect((await taxii(objectsPath(incident.id), { token: as.de.token })).status).toBe(404);
    expect((await taxii(`/taxii2/hub/collections/${incident.id}/`, { token: as.de.token })).status).toBe(404);
  });

  it('serves the STIX export’s objects, with its ids, each valid by the OASIS schemas', async () => {
    const res = await taxii(objectsPath(incident.id));
    expect(res.status).toBe(200);
    expect(res.body.more).toBe(false);
    const exported = await as.be.api.request('GET', `/incidents/${incident.id}/export?format=stix`);
    const bundle = typeof exported.body === 'string' ? JSON.parse(exported.body) : exported.body;
    expect(res.body.objects.map((o: any) => o.id).sort()).toEqual(
      bundle.objects.map((o: any) => o.id).sort(),
    );
    expect(res.body.objects).toEqual(expect.arrayContaining(bundle.objects));
    for (const object of res.body.objects)
      expect({ id: object.id, errors: valid(object) }).toEqual({ id: object.id, errors: [] });
    expect(res.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-.*\.\d{6}Z$/);
    expect(res.headers.get('x-taxii-date-added-last')).toMatch(/^\d{4}-.*\.\d{6}Z$/);
  });

  it('pages with limit and next, and added_after from the last date added gives the rest', async () => {
    const all = (await taxii(objectsPath(incident.id))).body.objects.map((o: any) => o.id);
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const res = await taxii(`${objectsPath(incident.id)}?limit=2${next ? `&next=${next}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.objects.map((o: any) => o.id));
      next = res.body.more ? res.body.next : undefined;
      pages++;
    } while (next);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
    // The report and identities were added with the incident; the items after, one by one.
    const first = await taxii(`${objectsPath(incident.id)}?limit=5`);
    const last = first.headers.get('x-taxii-date-added-last')!;
    const rest = await taxii(`${objectsPath(incident.id)}?added_after=${last}`);
    expect(rest.body.objects.map((o: any) => o.id)).toEqual(all.slice(5));
    expect((await taxii(`${objectsPath(incident.id)}?added_after=2999-01-01T00:00:00Z`)).body).toEqual({
      more: false,
      objects: [],
    });
  });

  it('filters by match[type] and match[id]', async () => {
    const indicators = await taxii(`${objectsPath(incident.id)}?match[type]=indicator`);
    expect(indicators.body.objects).toHaveLength(4);
    expect(indicators.body.objects.every((o: any) => o.type === 'indicator')).toBe(true);
    const accounts = await taxii(`${objectsPath(incident.id)}?match[type]=user-account,report`);
    expect(accounts.body.objects.map((o: any) => o.type).sort()).toEqual(['report', 'user-account']);
    const wanted = indicators.body.objects[2].id;
    const byId = await taxii(`${objectsPath(incident.id)}?match[id]=${wanted}`);
    expect(byId.body.objects.map((o: any) => o.id)).toEqual([wanted]);
  });

  it('answers the manifest, an object by id and its versions', async () => {
    const objects = (await taxii(objectsPath(incident.id))).body.objects;
    const manifest = await taxii(`/taxii2/hub/collections/${incident.id}/manifest/`);
    expect(manifest.status).toBe(200);
    expect(manifest.body.objects.map((m: any) => m.id)).toEqual(objects.map((o: any) => o.id));
    const report = objects.find((o: any) => o.type === 'report');
    expect(manifest.body.objects.find((m: any) => m.id === report.id)).toMatchObject({
      version: report.modified,
      media_type: 'application/stix+json;version=2.1',
      date_added: expect.stringMatching(/\.\d{6}Z$/),
    });
    const one = await taxii(`${objectsPath(incident.id)}${report.id}/`);
    expect(one.body.objects).toEqual([report]);
    const versions = await taxii(`${objectsPath(incident.id)}${report.id}/versions/`);
    expect(versions.body).toEqual({ more: false, versions: [report.modified] });
    const absent = await taxii(`${objectsPath(incident.id)}indicator--00000000-0000-4000-8000-000000000000/`);
    expect(absent.status).toBe(404);
  });

  it('keeps the report as the export has it when items come in after it was read', async () => {
    const reportOf = async () =>
      (await taxii(`${objectsPath(incident.id)}?match[type]=report`)).body.objects[0];
    const before = await reportOf();
    const added = await as.fr.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/later',
      channel: 'alert',
    });
    expect(added.status).toBe(201);
    const after = await reportOf();
    expect(after.object_refs).toHaveLength(before.object_refs.length + 1);
    const exported = await as.be.api.request('GET', `/incidents/${incident.id}/export?format=stix`);
    const bundle = typeof exported.body === 'string' ? JSON.parse(exported.body) : exported.body;
    expect(after).toEqual(bundle.objects.find((o: any) => o.type === 'report'));
  });

  it.each([
    ['match[type]=malwar', 'match[type]'],
    ['added_after=yesterday', 'added_after'],
    ['added_after=2026-02-30T00:00:00Z', 'added_after'],
    ['limit=0', 'limit'],
    ['limit=1000000000', 'limit'],
    ['match[id]=not-an-id', 'match[id]'],
  ])('refuses %s with 400 naming the parameter', async (query, field) => {
    const res = await taxii(`${objectsPath(incident.id)}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'Bad Request', http_status: '400' });
    expect(res.body.description).toContain(field);
  });

  it('refuses a next from another collection', async () => {
    const other = await declareIncident(as, { participants: ['be', 'fr'] });
    await as.be.api.post(`/incidents/${other.id}/items`, {
      kind: 'url',
      url: 'https://a.example/x',
      channel: 'alert',
    });
    const page = await taxii(`${objectsPath(other.id)}?limit=1`);
    expect(page.body.more).toBe(true);
    const res = await taxii(`${objectsPath(incident.id)}?next=${page.body.next}`);
    expect(res.status).toBe(400);
    expect(res.body.description).toContain('next');
    expect((await taxii(`${objectsPath(incident.id)}?next=garbage`)).status).toBe(400);
  });

  it('is documented: every TAXII operation with its id and an answer in TAXII’s media type', async () => {
    const document: any = await (await fetch(`${t.url}/docs-json`)).json();
    const taxiiPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/taxii2'));
    const operations = taxiiPaths.flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, op]: [string, any]) => ({
        key: `${method.toUpperCase()} ${path}`,
        op,
      })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual([
      'GET /taxii2',
      'GET /taxii2/hub',
      'GET /taxii2/hub/collections',
      'GET /taxii2/hub/collections/{collectionId}',
      'GET /taxii2/hub/collections/{collectionId}/manifest',
      'GET /taxii2/hub/collections/{collectionId}/objects',
      'GET /taxii2/hub/collections/{collectionId}/objects/{objectId}',
      'GET /taxii2/hub/collections/{collectionId}/objects/{objectId}/versions',
      'GET /taxii2/hub/status/{statusId}',
      'POST /taxii2/hub/collections/{collectionId}/objects',
    ]);
    for (const { key, op } of operations) {
      const answer = op.responses['200'] ?? op.responses['202'];
      expect({ key, id: typeof op.operationId, schema: Boolean(answer?.content?.[TAXII]?.schema) }).toEqual({
        key,
        id: 'string',
        schema: true,
      });
    }
  });

  describe('writing into a bank', () => {
    const indicator = (value: string, name?: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${crypto.randomUUID()}`,
      created: '2026-03-01T10:00:00.000Z',
      modified: '2026-03-01T10:00:00.000Z',
      ...(name && { name }),
      pattern: `[file:hashes.'MD5' = '${value}']`,
      pattern_type: 'stix',
      valid_from: '2026-03-01T10:00:00.000Z',
    });

    it('imports an envelope’s indicators through the bank import and answers a status resource', async () => {
      const envelope = {
        objects: [
          indicator('d41d8cd98f00b204e9800998ecf8427e', 'empty file'),
          indicator('0cc175b9c0f1b6a831c399e269772661'),
          { ...indicator('x'), pattern: "[file:hashes.'MD5' = 'not-a-hash']" },
          { type: 'identity', spec_version: '2.1', id: `identity--${crypto.randomUUID()}`, name: 'Someone' },
        ],
      };
      const res = await taxii(objectsPath(bank.id), {
        method: 'POST',
        body: envelope,
        token: as.coordinator.token,
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        status: 'complete',
        total_count: 4,
        success_count: 2,
        failure_count: 2,
        pending_count: 0,
      });
      expect(res.body.failures.map((f: any) => f.id).sort()).toEqual(
        [envelope.objects[2].id, envelope.objects[3].id].sort(),
      );
      const status = await taxii(`/taxii2/hub/status/${res.body.id}/`, { token: as.coordinator.token });
      expect(status.body).toEqual(res.body);
      // Another organisation does not learn of it.
      expect((await taxii(`/taxii2/hub/status/${res.body.id}/`, { token: as.be.token })).status).toBe(404);
      const signals = await as.coordinator.api.get(`/banks/${bank.id}/signals`);
      expect(signals.body.items.map((s: any) => [s.value, s.label ?? null, s.sourceRef])).toEqual([
        ['d41d8cd98f00b204e9800998ecf8427e', 'empty file', envelope.objects[0].id],
        ['0cc175b9c0f1b6a831c399e269772661', null, envelope.objects[1].id],
      ]);
      const objects = await taxii(objectsPath(bank.id));
      expect(objects.body.objects.map((o: any) => o.pattern)).toEqual([
        "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']",
        "[file:hashes.'MD5' = '0cc175b9c0f1b6a831c399e269772661']",
      ]);
      for (const object of objects.body.objects) expect(valid(object)).toEqual([]);
      const byId = await taxii(`${objectsPath(bank.id)}${objects.body.objects[1].id}/`);
      expect(byId.body.objects).toEqual([objects.body.objects[1]]);
    });

    it('refuses what is not a STIX envelope with 400, and writes nothing', async () => {
      for (const body of ['{"objects": [{"type": "indicator"}]}', '[1,2]', 'not json', '{"type":"bundle"}']) {
        const res = await taxii(objectsPath(bank.id), { method: 'POST', body, token: as.coordinator.token });
        expect({ body, status: res.status, shape: Object.keys(res.body ?? {}) }).toEqual({
          body,
          status: 400,
          shape: ['title', 'description', 'http_status'],
        });
      }
      const signals = await as.coordinator.api.get(`/banks/${bank.id}/signals`);
      expect(signals.body.items).toHaveLength(2);
    });

    it('lets only contributors write, and never into an incident', async () => {
      const envelope = { objects: [indicator('92eb5ffee6ae2fec3ad71c777531578f')] };
      expect((await taxii(objectsPath(bank.id), { method: 'POST', body: envelope })).status).toBe(403);
      const incidentWrite = await taxii(objectsPath(incident.id), { method: 'POST', body: envelope });
      expect(incidentWrite.status).toBe(403);
      const unseen = await taxii(objectsPath(incident.id), {
        method: 'POST',
        body: envelope,
        token: as.de.token,
      });
      expect(unseen.status).toBe(404);
    });
  });
});
