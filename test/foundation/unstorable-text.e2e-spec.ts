import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

/** U+0000 and a lone surrogate: valid in JSON, refused by PostgreSQL in text and jsonb. */
const BAD = { nul: 'a\u0000b', surrogate: 'a\ud800b' } as const;

/** A JSON body with each bad text written as JSON escapes, as a client would send it. */
const raw = (body: unknown): string => JSON.stringify(body);

describe('the edge refuses what cannot be stored with a 400 naming the field, never a 5xx', () => {
  let t: TestHub;
  let as: Cast;
  let incidentId: string;
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'unstorable' });
    as = await t.seed();
    incidentId = (await declareIncident(as, { participants: ['be', 'videoshare'] })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.close();
  });

  const post = (token: string, path: string, body: string, type = 'application/json') =>
    fetch(`${t.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, any> }));

  const count = async (table: string): Promise<number> =>
    Number((await t.sql.query(`select count(*)::int as n from ${table}`)).rows[0].n);

  it('a JSON body nested deeper than the limit is a 400 (body-parser made it a 403)', async () => {
    const deep = `{"title":${'['.repeat(40)}${']'.repeat(40)}}`;
    const res = await post(as.coordinator.token, '/incidents', deep);
    expect(res).toMatchObject({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        details: [{ field: 'body', message: expect.stringMatching(/nested/) }],
      },
    });
  });

  for (const [name, bad] of Object.entries(BAD)) {
    describe(`text PostgreSQL cannot store: ${name}`, () => {
      it('an incident title', async () => {
        const res = await post(
          as.coordinator.token,
          '/incidents',
          raw({
            title: bad,
            summary: 's',
            category: 'terrorist_content',
            level: 'crisis',
            mode: 'live',
            participants: [as.be.organisation.id],
            platforms: [],
            criteria: ['c'],
            rationale: 'r',
          }),
        );
        expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
        expect(res.body.details).toEqual([{ field: 'title', message: expect.any(String) }]);
        expect(res.body.message).toMatch(/^title: /);
      });

      it('a message, a URL, an account handle and item metadata', async () => {
        const items = await count('items');
        const cases: [string, unknown, string][] = [
          [`/incidents/${incidentId}/messages`, { text: bad }, 'text'],
          [
            `/incidents/${incidentId}/items`,
            { kind: 'url', url: `https://x.example/${bad}`, channel: 'referral' },
            'url',
          ],
          [
            `/incidents/${incidentId}/items`,
            { kind: 'account', account: { platformKey: 'videoshare', handle: bad }, channel: 'referral' },
            'account.handle',
          ],
          [
            `/incidents/${incidentId}/items`,
            { kind: 'url', url: 'https://x.example/m', channel: 'referral', metadata: { notes: bad } },
            'metadata.notes',
          ],
          [
            `/incidents/${incidentId}/items/bulk`,
            {
              items: [
                { kind: 'url', url: 'https://x.example/ok', channel: 'referral' },
                { kind: 'url', url: bad, channel: 'referral' },
              ],
            },
            'items.1.url',
          ],
        ];
        for (const [path, body, field] of cases) {
          const res = await post(as.be.token, path, raw(body));
          expect({ path, field, status: res.status, details: res.body.details }).toEqual({
            path,
            field,
            status: 400,
            details: [{ field, message: expect.stringMatching(/NUL|surrogate/) }],
          });
        }
        expect(await count('items')).toBe(items);
      });

      it('a bank name, and a key of an object', async () => {
        const bank = await post(as.coordinator.token, '/banks', raw({ name: bad, visibility: 'members' }));
        expect(bank).toMatchObject({ status: 400, body: { details: [{ field: 'name' }] } });
        const escaped = name === 'nul' ? '\\u0000' : '\\ud800';
        const key = await post(
          as.coordinator.token,
          '/banks',
          `{"name":"n","visibility":"members","x${escaped}":1}`,
        );
        expect(key).toMatchObject({
          status: 400,
          body: { details: [{ field: name === 'nul' ? 'x\u0000' : 'x\ud800' }] },
        });
      });

      it('a query string', async () => {
        const res = await fetch(`${t.url}/api/v1/incidents?after=${encodeURIComponent('\u0000')}`, {
          headers: { authorization: `Bearer ${as.coordinator.token}` },
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { details: unknown[] }).details).toEqual([
          { field: 'after', message: expect.any(String) },
        ]);
      });

      it('STIX, MISP and ThreatExchange imports', async () => {
        const items = await count('items');
        const stix = {
          type: 'bundle',
          id: 'bundle--6f1e7b2a-9c1d-4e5f-8a7b-0c1d2e3f4a5b',
          objects: [
            {
              type: 'url',
              spec_version: '2.1',
              id: 'url--6f1e7b2a-9c1d-4e5f-8a7b-0c1d2e3f4a5c',
              value: `https://x.example/${bad}`,
            },
          ],
        };
        const path = `/incidents/${incidentId}/items/import?channel=referral`;
        const s = await post(as.be.token, path, raw(stix));
        expect(s).toMatchObject({ status: 400, body: { details: [{ field: 'objects.0.value' }] } });
        const misp = {
          Event: { info: 'e', Attribute: [{ type: 'url', value: `https://x.example/${bad}` }] },
        };
        const m = await post(as.be.token, path, raw(misp));
        expect(m).toMatchObject({ status: 400, body: { details: [{ field: 'Event.Attribute.0.value' }] } });
        // A text body arrives as UTF-8, where a lone surrogate cannot be written (it becomes U+FFFD).
        if (name === 'nul') {
          const te = await post(
            as.be.token,
            path,
            `pdq ${'a'.repeat(64)}\nurl https://x.example/${bad}\n`,
            'text/plain',
          );
          expect(te).toMatchObject({ status: 400, body: { details: [{ field: 'body' }] } });
        }
        expect(await count('items')).toBe(items);
      });

      it('a scenario upload, YAML (raw and escaped) or JSON', async () => {
        const scenarios = await count('scenarios');
        const yaml = (title: string) =>
          [
            'name: Drill',
            'category: other',
            'level: awareness',
            'organisations: { coord: { kind: coordinator } }',
            'injects:',
            `  - { at: 0m, by: coord, do: activate, title: ${title} }`,
            '  - { at: 5m, by: coord, do: close, summary: Done. }',
          ].join('\n');
        const escaped = name === 'nul' ? '"a\\0b"' : '"a\\ud800b"';
        for (const body of [yaml(escaped), yaml(JSON.stringify(bad))]) {
          const res = await post(as.coordinator.token, '/scenarios', body, 'application/yaml');
          expect(res.status).toBe(400);
          expect(res.body.message).toMatch(/NUL|surrogate/);
        }
        const json = await post(
          as.coordinator.token,
          '/scenarios',
          raw({
            name: 'Drill',
            category: 'other',
            level: 'awareness',
            organisations: { coord: { kind: 'coordinator' } },
            injects: [
              { at: '0m', by: 'coord', do: 'activate', title: bad },
              { at: '5m', by: 'coord', do: 'close', summary: 'Done.' },
            ],
          }),
        );
        expect(json).toMatchObject({ status: 400, body: { details: [{ field: 'injects.0.title' }] } });
        expect(await count('scenarios')).toBe(scenarios);
      });

      it('a message in the incident room', async () => {
        const client = new RoomClient({ url: t.url, token: as.be.token });
        clients.push(client);
        await client.connected();
        await client.join(incidentId);
        const ack = await client.postMessage(incidentId, bad);
        expect(ack).toEqual({
          ok: false,
          error: { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringMatching(/^text: /) },
        });
      });
    });
  }
});
