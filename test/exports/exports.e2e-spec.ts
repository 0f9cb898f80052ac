import { HUB_OPTIONS } from '@hub/app';
import { LIMITS } from '@hub/contracts';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const MD5 = 'cab08b36195edb1a1231d2d09fa450e0';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

/** What makes an item the same item, whatever its id: kind and value. */
const identity = (item: any): string =>
  item.kind === 'url'
    ? `url ${item.url}`
    : item.kind === 'hash'
      ? `hash ${item.hash.algorithm} ${item.hash.value}`
      : `account ${item.account.platformKey} ${item.account.handle}`;

describe('evidence out and back in', () => {
  let t: TestHub;
  let as: Cast;
  let source: any;
  let sourceItems: string[];
  const pdq = pdqHash();

  const itemsOf = async (incidentId: string): Promise<string[]> => {
    const res = await as.coordinator.api.get(`/incidents/${incidentId}/items?limit=500`);
    expect(res.status).toBe(200);
    return res.body.items.map(identity).sort();
  };
  const importInto = (incidentId: string, body: string, contentType: string) =>
    as.be.api.request('POST', `/incidents/${incidentId}/items/import`, body, { 'content-type': contentType });

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'exports' });
    as = await t.seed();
    source = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const shares = [
      { kind: 'url', url: 'https://videoshare.example/v/export-me' },
      { kind: 'hash', hash: { algorithm: 'pdq', value: pdq, quality: 90 } },
      { kind: 'hash', hash: { algorithm: 'md5', value: MD5 }, metadata: { contentType: 'video' } },
      { kind: 'hash', hash: { algorithm: 'sha256', value: SHA256 }, metadata: { contentType: 'video' } },
      { kind: 'account', account: { platformKey: 'videoshare', handle: 'perp_uploader' } },
    ];
    for (const share of shares) {
      const res = await as.be.api.post(`/incidents/${source.id}/items`, { ...share, channel: 'alert' });
      expect(res.status).toBe(201);
    }
    sourceItems = await itemsOf(source.id);
    expect(sourceItems).toHaveLength(5);
  });
  afterAll(() => t?.close());

  it.each([
    ['stix', 'application/stix+json'],
    ['misp', 'application/json'],
    ['te', 'text/plain'],
  ])('exports %s with its media type', async (format, type) => {
    const res = await as.fr.api.get(`/incidents/${source.id}/export?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it.each([
    // ThreatExchange files carry what python-threatexchange has a signal type for: not accounts.
    ['stix', 'application/stix+json', (items: string[]) => items],
    ['misp', 'application/json', (items: string[]) => items],
    ['te', 'text/plain', (items: string[]) => items.filter((i) => !i.startsWith('account'))],
  ])('round trip through %s recreates the same items in a fresh incident', async (format, type, expected) => {
    const exported = await as.be.api.request('GET', `/incidents/${source.id}/export?format=${format}`);
    const body = typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body);
    const fresh = await declareIncident(as, { participants: ['be', 'fr', 'videoshare'] });
    const res = await importInto(fresh.id, body, type);
    expect(res.status).toBe(200);
    expect(res.body.format).toBe(format);
    expect(res.body.unreadable).toEqual([]);
    expect(res.body.results.map((r: any) => r.status)).toEqual(expected(sourceItems).map(() => 201));
    expect(await itemsOf(fresh.id)).toEqual(expected(sourceItems));
  });

  it("names ThreatExchange's types, says what it left out, and carries a video's vPDQ frames there and back", async () => {
    const te = String((await as.be.api.get(`/incidents/${source.id}/export?format=te`)).body);
    expect(te).toContain(`video_md5 ${MD5}\n`);
    expect(te).toContain(`video_sha256 ${SHA256}\n`);
    expect(te).toMatch(/^# left out: 1 accounts: /m);
    const frames = [
      { frame: 0, quality: 100, hash: pdqHash(), seconds: 0 },
      { frame: 1, quality: 80, hash: pdqHash(), seconds: 1 },
    ];
    const videos = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const shared = await as.be.api.post(`/incidents/${videos.id}/items`, {
      kind: 'hash',
      hash: { algorithm: 'vpdq', frames },
      metadata: { contentType: 'video' },
      channel: 'alert',
    });
    expect(shared.status).toBe(201);
    const out = String((await as.be.api.get(`/incidents/${videos.id}/export?format=te`)).body);
    expect(out).toBe(
      `vpdq ${JSON.stringify(frames.map((f) => `${f.hash},${f.quality},${f.seconds}.000`))}\n`,
    );
    const fresh = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const res = await importInto(fresh.id, out, 'text/plain');
    expect(res.body.results.map((r: any) => r.status)).toEqual([201]);
    expect(await itemsOf(fresh.id)).toEqual(await itemsOf(videos.id));
  });

  it('answers the same ids on a second STIX export', async () => {
    const first = await as.be.api.get(`/incidents/${source.id}/export?format=stix`);
    const second = await as.be.api.get(`/incidents/${source.id}/export?format=stix`);
    expect(second.body.objects.map((o: any) => o.id)).toEqual(first.body.objects.map((o: any) => o.id));
  });

  it('refuses a non-participant as not found, and a missing format by name', async () => {
    expect((await as.clipcast.api.get(`/incidents/${source.id}/export?format=stix`)).status).toBe(404);
    const res = await as.be.api.get(`/incidents/${source.id}/export`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('format');
  });

  it('skips and counts unsupported STIX objects and reports unreadable patterns', async () => {
    const fresh = await declareIncident(as, { participants: ['be'] });
    const bundle = {
      type: 'bundle',
      id: 'bundle--6b4f7a4e-3b4c-4a8e-9d6e-0f1e2d3c4b5a',
      objects: [
        { type: 'malware', id: 'malware--6b4f7a4e-3b4c-4a8e-9d6e-0f1e2d3c4b5a' },
        { type: 'indicator', pattern_type: 'stix', pattern: "[ipv4-addr:value = '10.0.0.1']" },
        { type: 'indicator', pattern_type: 'stix', pattern: `[file:hashes.MD5 = '${MD5}']` },
        { type: 'indicator', pattern_type: 'stix', pattern: "[file:hashes.MD5 = 'not-a-hash']" },
      ],
    };
    const res = await importInto(fresh.id, JSON.stringify(bundle), 'application/stix+json');
    expect(res.status).toBe(200);
    expect(res.body.skipped).toBe(1);
    expect(res.body.unreadable).toEqual([{ at: 'objects[1]', reason: expect.stringContaining('ipv4-addr') }]);
    // A value the hub refuses is a bulk entry like any other: the rest are shared.
    expect(res.body.results.map((r: any) => [r.at, r.status])).toEqual([
      ['objects[2]', 201],
      ['objects[3]', 400],
    ]);
    expect(await itemsOf(fresh.id)).toEqual([`hash md5 ${MD5}`]);
  });

  it.each([
    [
      'a MISP event sent as a STIX bundle',
      JSON.stringify({ Event: { Attribute: [] } }),
      'application/stix+json',
      /STIX bundle/,
    ],
    ['JSON that is neither', JSON.stringify({ hello: 'world' }), 'application/json', /MISP event/],
    [
      'JSON sent as ThreatExchange lines',
      JSON.stringify({ type: 'bundle', objects: [] }),
      'text/plain',
      /ThreatExchange/,
    ],
    [
      'a MISP event with a broken attribute list',
      JSON.stringify({ Event: { Attribute: {} } }),
      'application/json',
      /Event.Attribute/,
    ],
    ['an unsupported content type', '<xml/>', 'application/xml', /content-type/],
  ])('refuses %s with a 400 naming the problem, writing nothing', async (_what, body, type, message) => {
    const fresh = await declareIncident(as, { participants: ['be'] });
    const res = await importInto(fresh.id, body, type);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(message);
    expect(await itemsOf(fresh.id)).toEqual([]);
  });

  it('imports a MISP event of ten thousand attributes in chunks of the bulk limit', async () => {
    const fresh = await declareIncident(as, { participants: ['be'] });
    // Every field MISP writes, so the body is over the 2 MB other routes take.
    const Attribute = Array.from({ length: 10_000 }, (_, i) => ({
      id: String(i + 1),
      event_id: '42',
      object_id: '0',
      object_relation: null,
      category: 'Payload delivery',
      type: 'md5',
      value: i.toString(16).padStart(32, '0'),
      to_ids: true,
      uuid: `5f0c1d56-0a43-4a1e-8d4f-${i.toString(16).padStart(12, '0')}`,
      timestamp: '1764590000',
      distribution: '5',
      sharing_group_id: '0',
      comment: '',
      deleted: false,
      disable_correlation: false,
      first_seen: null,
      last_seen: null,
    }));
    const body = JSON.stringify({ Event: { Attribute } });
    expect(body.length).toBeGreaterThan(LIMITS.bodyBytes);
    const res = await importInto(fresh.id, body, 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(10_000);
    expect(res.body.results.every((r: any) => r.status === 201)).toBe(true);
    const count = await t.sql.query('SELECT count(*)::int AS n FROM items WHERE incident_id = $1', [
      fresh.id,
    ]);
    expect(count.rows[0].n).toBe(10_000);
  }, 180_000);

  it('`hub export` prints the same file as the route (the built CLI)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(__dirname, '../../bin/hub.js'),
      '--url',
      t.url,
      '--token',
      as.be.token,
      'export',
      source.id,
      '--format',
      'te',
    ]);
    const route = await as.be.api.get(`/incidents/${source.id}/export?format=te`);
    expect(stdout).toBe(route.body);
    expect(stdout).toContain(`pdq ${pdq}`);
  });

  it('`hub export --format dsa` prints the platform’s statements of reasons, a batch a line (the built CLI)', async () => {
    const hub = (...args: string[]) =>
      promisify(execFile)(process.execPath, [
        join(__dirname, '../../bin/hub.js'),
        '--url',
        t.url,
        '--token',
        as.videoshare.token,
        'export',
        source.id,
        '--format',
        'dsa',
        ...args,
      ]);
    await expect(hub()).rejects.toMatchObject({ stderr: expect.stringContaining('--platform') });
    const url = (await as.coordinator.api.get(`/incidents/${source.id}/items?limit=500`)).body.items.find(
      (item: any) => item.kind === 'url',
    );
    for (const status of ['acknowledged', 'removed']) {
      const res = await as.videoshare.api.post(
        `/incidents/${source.id}/items/${url.id}/containment/videoshare`,
        { status },
      );
      expect(res.status).toBeLessThan(300);
    }
    const { stdout } = await hub('--platform', 'videoshare');
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const route = await as.videoshare.api.get(
      `/incidents/${source.id}/statements-of-reasons?platformKey=videoshare`,
    );
    expect(lines).toEqual([{ statements: route.body.statements }]);
    expect(lines[0].statements).toEqual([
      expect.objectContaining({
        itemId: url.id,
        platformKey: 'videoshare',
        statement: expect.objectContaining({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] }),
      }),
    ]);
  });
});
