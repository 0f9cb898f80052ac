import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type Cast, type TestHub } from '@hub/testing';

/**
 * Two member states must never send two orders for one video: every URL form of one content id (scheme,
 * www./m./mobile., a short-link host, another host of the platform) is one item with both reporters.
 */
describe('URL identity', () => {
  let t: TestHub;
  let as: Cast;
  let incidentId: string;
  const platformOrgs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'url_identity' });
    as = await t.seed();
    // Real services as the hub's directory knows them: by their main domain only.
    for (const [platformKey, domains] of [
      ['youtube', ['youtube.com']],
      ['x', ['x.com', 'twitter.com']],
      ['tiktok', ['tiktok.com']],
    ] as const) {
      const org = await t.admin.post('/organisations', {
        name: `Platform ${platformKey}`,
        kind: 'platform',
        platformKey,
        domains,
      });
      expect(org.status).toBe(201);
      platformOrgs[platformKey] = org.body.id;
    }
    const declared = await as.coordinator.api.post('/incidents', {
      title: 'Attack livestream spreading',
      summary: 'A livestream of an attack is being re-uploaded across services.',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [
        ...['be', 'fr', 'de', 'videoshare'].map((k) => as[k].organisation.id),
        ...Object.values(platformOrgs),
      ],
      platforms: [],
      criteria: ['ongoing real-world violent event'],
      rationale: 'Perpetrator-produced footage spreading on several services',
    });
    expect(declared.status).toBe(201);
    incidentId = declared.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const share = (who: string, url: string) =>
    as[who].api.post(`/incidents/${incidentId}/items`, { kind: 'url', url, channel: 'referral' });
  const reportedAgain = async (itemId: string): Promise<any[]> => {
    const events = await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`);
    return events.body.items.filter((e: any) => e.type === 'item.reported_again' && e.data.itemId === itemId);
  };
  const rowsFor = async (dedupKey: string): Promise<any[]> =>
    (
      await t.sql.query(`SELECT id, url FROM items WHERE incident_id = $1 AND dedup_key = $2`, [
        incidentId,
        dedupKey,
      ])
    ).rows;

  it('www., m., http:, embed, live and short-host forms of one video are one item', async () => {
    const first = await share('be', 'https://www.videoshare.example/watch?v=abc123');
    expect(first.status).toBe(201);
    expect(first.body.item).toMatchObject({
      url: 'https://www.videoshare.example/watch?v=abc123',
      platformKey: 'videoshare',
    });
    const forms = [
      ['fr', 'https://videoshare.example/watch?v=abc123'],
      ['de', 'http://m.videoshare.example/live/abc123?utm_source=tw'],
      ['fr', 'https://vs.example/abc123'],
      ['de', 'https://videoshare.example/embed/abc123'],
    ];
    for (const [who, url] of forms) {
      const again = await share(who, url);
      expect({ url, status: again.status, duplicate: again.body.duplicate }).toEqual({
        url,
        status: 200,
        duplicate: true,
      });
      expect(again.body.item.id).toBe(first.body.item.id);
      // The canonical URL shown stays the first one's.
      expect(again.body.item.url).toBe('https://www.videoshare.example/watch?v=abc123');
    }
    const item = await as.be.api.get(`/incidents/${incidentId}/items/${first.body.item.id}`);
    expect(item.body.reporters).toEqual([as.be, as.fr, as.de].map((m) => m.organisation.id));
    expect(item.body.containment).toHaveLength(1);
    expect(await reportedAgain(first.body.item.id)).toHaveLength(forms.length);
    expect(await rowsFor('url:videoshare:abc123')).toEqual([
      { id: first.body.item.id, url: 'https://www.videoshare.example/watch?v=abc123' },
    ]);
  });

  it('another content id of the same platform is another item', async () => {
    const other = await share('be', 'https://www.videoshare.example/watch?v=abc124');
    expect(other.status).toBe(201);
    expect(await rowsFor('url:videoshare:abc124')).toHaveLength(1);
  });

  it('a youtu.be short link and a watch page are one item, attributed to the platform', async () => {
    const short = await share('be', 'https://youtu.be/dQw4w9WgXcQ?si=tracking123');
    expect(short.status).toBe(201);
    expect(short.body.item.platformKey).toBe('youtube');
    expect(short.body.item.containment.map((c: any) => c.platformKey)).toEqual(['youtube']);
    const watch = await share('fr', 'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42');
    const shorts = await share('de', 'https://www.youtube.com/shorts/dQw4w9WgXcQ');
    expect([watch.status, shorts.status]).toEqual([200, 200]);
    expect([watch.body.item.id, shorts.body.item.id]).toEqual([short.body.item.id, short.body.item.id]);
    expect(shorts.body.item.reporters).toEqual([as.be, as.fr, as.de].map((m) => m.organisation.id));
    expect(await reportedAgain(short.body.item.id)).toHaveLength(2);
  });

  it('a status on twitter.com and on x.com is one item', async () => {
    const first = await share('be', 'https://twitter.com/someone/status/1734567890123456789');
    const second = await share('fr', 'https://x.com/someone/status/1734567890123456789/photo/1');
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.item).toMatchObject({
      id: first.body.item.id,
      url: 'https://twitter.com/someone/status/1734567890123456789',
      platformKey: 'x',
      reporters: [as.be.organisation.id, as.fr.organisation.id],
    });
    expect(await reportedAgain(first.body.item.id)).toHaveLength(1);
  });

  it('a short link that needs a request stays its own item, and says so', async () => {
    const short = await share('be', 'https://vm.tiktok.com/ZMabc123/');
    expect(short.status).toBe(201);
    expect(short.body.item).toMatchObject({
      platformKey: 'tiktok',
      metadata: { urlIdentity: 'unresolved_short_link' },
    });
    const full = await share('fr', 'https://www.tiktok.com/@someone/video/7301234567890123456');
    expect(full.status).toBe(201);
    expect(full.body.item.id).not.toBe(short.body.item.id);
    expect(full.body.item.metadata).toEqual({});
    // The same short link again is the same item, whatever its scheme.
    const again = await share('de', 'http://vm.tiktok.com/ZMabc123/');
    expect(again.status).toBe(200);
    expect(again.body.item.id).toBe(short.body.item.id);
  });

  it('a URL without a platform rule still folds the scheme and www.', async () => {
    const first = await share('be', 'https://www.news.example/story/42');
    const second = await share('fr', 'http://news.example/story/42');
    const third = await share('de', 'https://blog.news.example/story/42');
    expect([first.status, second.status, third.status]).toEqual([201, 200, 201]);
    expect(second.body.item.id).toBe(first.body.item.id);
    expect(await rowsFor('url:https://news.example/story/42')).toHaveLength(1);
  });

  it('folds the forms within one bulk share too', async () => {
    const res = await as.be.api.post(`/incidents/${incidentId}/items/bulk`, {
      items: [
        { kind: 'url', url: 'https://videoshare.example/v/bulk77', channel: 'referral' },
        { kind: 'url', url: 'https://www.videoshare.example/watch?v=bulk77', channel: 'referral' },
        { kind: 'url', url: 'https://vs.example/bulk77', channel: 'referral' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.status)).toEqual([201, 200, 200]);
    expect(new Set(res.body.results.map((r: any) => r.item.id)).size).toBe(1);
  });
});

describe('URL identity rules from HUB_URL_RULES_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'url-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replace the built-in rules', async () => {
    const file = join(dir, 'url-rules.yaml');
    // No host alias and no platform: only the scheme is folded.
    writeFileSync(file, 'hostPrefixes: []\nplatforms: []\n');
    const t = await startTestHub(HUB_OPTIONS, { label: 'url_rules_file', env: { HUB_URL_RULES_FILE: file } });
    try {
      const as = await t.seed();
      const incident = await as.coordinator.api.post('/incidents', {
        title: 'Drill',
        summary: 'Rules file drill.',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [as.be.organisation.id, as.videoshare.organisation.id],
        platforms: [],
        criteria: ['ongoing real-world violent event'],
        rationale: 'Drill',
      });
      const share = (url: string) =>
        as.be.api.post(`/incidents/${incident.body.id}/items`, { kind: 'url', url, channel: 'referral' });
      expect((await share('https://www.videoshare.example/watch?v=abc123')).status).toBe(201);
      expect((await share('https://videoshare.example/watch?v=abc123')).status).toBe(201);
      expect((await share('http://videoshare.example/watch?v=abc123')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
