import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { LIMITS } from '@hub/contracts';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { IncidentRoomGateway } from '../../apps/api/src/room/incident-room.gateway';
import { documentedOperations, fill, type Operation } from './openapi-operations';

const TAXII = 'application/taxii+json;version=2.1';

const DEEP = 5_000;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const wide = `{${Array.from({ length: 30_000 }, (_, i) => `"k${i}":1`).join(',')}}`;

/** Bodies no client should send: each must be answered with a 4xx (or accepted), never a 5xx. */
const RAW_BODIES: { name: string; body: string | Buffer; type?: string; malformed?: boolean }[] = [
  { name: 'deep object', body: deepObject, malformed: true },
  { name: 'deep array', body: deepArray, malformed: true },
  { name: 'deep inside a string is fine', body: JSON.stringify({ title: '{'.repeat(DEEP) }) },
  { name: 'wide object', body: wide },
  { name: 'long string', body: JSON.stringify({ title: 'x'.repeat(500_000) }) },
  { name: 'too large', body: JSON.stringify({ title: 'x'.repeat(LIMITS.bodyBytes + 10) }), malformed: true },
  { name: 'huge numbers', body: '{"title":1e999,"limit":-1e999,"sinceSeq":1e308,"level":9007199254740993}' },
  { name: 'duplicate keys', body: '{"title":"a","title":"b","title":{"c":1}}' },
  { name: '__proto__ key', body: '{"__proto__":{"role":"admin","isAdmin":true},"title":"t"}' },
  { name: 'constructor key', body: '{"constructor":{"prototype":{"role":"admin"}}}' },
  { name: 'invalid JSON', body: '{"title": ', malformed: true },
  { name: 'not JSON at all', body: 'nul', malformed: true },
  { name: 'a JSON string', body: '"just a string"' },
  { name: 'a JSON number', body: '12345678901234567890' },
  { name: 'a JSON array', body: '[1,2,3]' },
  { name: 'JSON null', body: 'null' },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { name: 'UTF-16 charset', body: '{"a":1}', type: 'application/json; charset=utf-16', malformed: true },
  { name: 'JSON as text/plain', body: '{"title":"t"}', type: 'text/plain' },
  { name: 'form encoded', body: 'title=t&level=crisis', type: 'application/x-www-form-urlencoded' },
  {
    name: 'multipart',
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    type: 'multipart/form-data; boundary=x',
  },
  { name: 'octet stream', body: Buffer.alloc(1024, 7), type: 'application/octet-stream' },
  { name: 'deep YAML', body: `a: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, type: 'application/yaml' },
  { name: 'YAML alias bomb', body: yamlBomb(), type: 'application/yaml' },
  { name: 'deeply indented YAML', body: indentedYaml(1_500), type: 'application/yaml' },
];

/** Values that each discovered field of a route gets in turn (raw JSON text). */
const FIELD_VALUES: Record<string, string> = {
  'huge number': '1e308',
  'overflowing number': '1e999',
  'negative huge number': '-1e308',
  'unsafe integer': '9007199254740993',
  fraction: '0.5',
  'long string': JSON.stringify('y'.repeat(200_000)),
  'empty string': '""',
  'deep object': deepObject,
  'long array': JSON.stringify(Array.from({ length: 5_000 }, () => 'z')),
  'prototype key': '{"__proto__":{"polluted":true}}',
  null: 'null',
  boolean: 'true',
};

function yamlBomb(): string {
  const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return lines.join('\n');
}

function indentedYaml(levels: number): string {
  return Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1';
}

describe('pathological bodies on every documented route and socket event', () => {
  let t: TestHub;
  let as: Cast;
  let operations: Operation[];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'bodies' });
    as = await t.seed();
    operations = (await documentedOperations(t.url)).filter((o) =>
      ['POST', 'PUT', 'PATCH'].includes(o.method),
    );
  });
  afterAll(() => t?.close());

  /** Real resources behind each placeholder, fresh per route (a body a route accepts may change them). */
  async function placeholders(): Promise<Record<string, string>> {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const item = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: `https://videoshare.example/watch?v=${incident.id}`,
      channel: 'referral',
    });
    const spare = await t.admin.post(`/organisations/${as.observer.organisation.id}/members`, {
      displayName: 'Spare observer',
      role: 'observer',
    });
    return {
      id: incident.id,
      itemId: item.body.item.id,
      platformKey: 'videoshare',
      organisationId: as.be.organisation.id,
      memberId: spare.body.member.id,
      // Receipt links: a made-up one, refused before any body matters (a 400 page).
      token: 'not-a-receipt-link',
      // TAXII: a bank's collection, so that envelopes reach the import; an object and a status that are not.
      collectionId: (bankId ??= (
        await as.coordinator.api.post('/banks', { name: 'Bodies', visibility: 'members' })
      ).body.id as string),
      objectId: 'indicator--00000000-0000-4000-8000-000000000000',
      statusId: '00000000-0000-4000-8000-000000000000',
      // Bank signals: one that is not, refused after the body's validation.
      signalId: '00000000-0000-4000-8000-000000000000',
    };
  }
  let bankId: string | undefined;

  function idFor(path: string, values: Record<string, string>): Record<string, string> {
    if (path.includes('/organisations/{id}')) return { ...values, id: values.organisationId };
    if (path.includes('/members/{id}')) return { ...values, id: values.memberId };
    if (path.includes('/incidents/{id}')) return values;
    return { ...values, id: '00000000-0000-4000-8000-000000000000' };
  }

  const send = (
    token: string,
    method: string,
    path: string,
    body: string | Buffer,
    type = 'application/json',
  ) =>
    fetch(`${t.url}${path}`, {
      method,
      // TAXII routes read only TAXII's media type (406 or 415 otherwise): every body reaches their parser.
      headers: path.startsWith('/taxii2')
        ? { authorization: `Bearer ${token}`, 'content-type': TAXII, accept: TAXII }
        : { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });

  it('walks the documented routes', () => {
    expect(operations.length).toBeGreaterThan(15);
  });

  /**
   * Each route with its placeholders filled and a token of a role it lets in (the first role whose answer
   * to an empty body is not 401/403), so the bodies reach parsing, validation and the use case.
   */
  let found: { op: Operation; path: string; token: string; fields: string[] }[] | undefined;
  async function targets(): Promise<{ op: Operation; path: string; token: string; fields: string[] }[]> {
    if (found) return found;
    const tokens = [as.coordinator.token, t.adminToken, as.be.token, as.videoshare.token];
    const out = [];
    for (const op of operations) {
      const path = fill(op.path, idFor(op.path, await placeholders()));
      let chosen = { token: tokens[0], fields: [] as string[] };
      for (const token of tokens) {
        const res = await send(token, op.method, path, '{}');
        const body = (await res.json().catch(() => ({}))) as { details?: { field?: string }[] };
        if (res.status === 401 || res.status === 403) continue;
        // The fields a route requires are named by its answer to an empty body.
        const fields =
          res.status === 400 ? (body.details ?? []).map((d) => String(d.field).split('.')[0]) : [];
        chosen = { token, fields: [...new Set(fields)] };
        break;
      }
      out.push({ op, path, ...chosen });
    }
    found = out;
    return out;
  }

  it('answers every route with a 4xx (or accepts) and never a 5xx; malformed JSON is always a 4xx', async () => {
    const failures: string[] = [];
    for (const { op, path, token } of await targets()) {
      for (const c of RAW_BODIES) {
        const res = await send(token, op.method, path, c.body, c.type);
        await res.arrayBuffer();
        const bad = res.status >= 500 || (c.malformed && (res.status < 400 || res.status >= 500));
        if (bad) failures.push(`${op.key} ${c.name}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('gives every field a route names pathological values, and never answers 5xx', async () => {
    const failures: string[] = [];
    const all = await targets();
    expect(all.filter((x) => x.fields.length > 0).length).toBeGreaterThan(5);
    for (const { op, path, token, fields } of all) {
      for (const field of fields) {
        for (const [name, raw] of Object.entries(FIELD_VALUES)) {
          const res = await send(token, op.method, path, `{${JSON.stringify(field)}:${raw}}`);
          await res.arrayBuffer();
          if (res.status >= 500) failures.push(`${op.key} ${field}=${name}: ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  describe('socket events', () => {
    const events: string[] = [];
    for (const name of Object.getOwnPropertyNames(IncidentRoomGateway.prototype)) {
      const handler = (IncidentRoomGateway.prototype as unknown as Record<string, object>)[name];
      if (typeof handler === 'function' && Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler))
        events.push(Reflect.getMetadata(MESSAGE_METADATA, handler) as string);
    }

    it('finds the events', () => {
      expect(events).toEqual(expect.arrayContaining(['incident:join', 'message:post', 'containment:update']));
    });

    it('acknowledges every pathological payload with { ok: false, error } (4xx) and keeps answering', async () => {
      const incident = await declareIncident(as, { participants: ['be'] });
      const clients: RoomClient[] = [];
      /** A socket of its own per event, so the socket's rate limit (a 429) never stands in for an answer. */
      async function connect() {
        const client = new RoomClient({ url: t.url, token: as.be.token });
        clients.push(client);
        await client.connected();
        const socket = client.socket as any;
        const emit = (event: string, payload: unknown) =>
          new Promise<any>((resolve) => socket.emit(event, payload, resolve));
        // Written as raw socket.io packets: the client library itself would overflow its stack walking a
        // deep payload, and could not send `1e999` or a duplicate key.
        const emitRaw = (event: string, json: string) =>
          new Promise<any>((resolve) => {
            const id = socket.ids++;
            const timer = setTimeout(() => resolve('no answer within 2 s'), 2_000);
            socket.acks[id] = (ack: unknown) => (clearTimeout(timer), resolve(ack));
            socket.io.engine.write(`2${socket.nsp},${id}[${JSON.stringify(event)},${json}]`);
          });
        return { client, socket, emit, emitRaw };
      }
      const id = JSON.stringify(incident.id);
      const payloads: [string, string][] = [
        ['deep', deepObject],
        ['deep inside', `{"incidentId":${id},"text":${deepObject}}`],
        ['deep array', deepArray],
        ['wide', `{${Array.from({ length: 3_000 }, (_, i) => `"k${i}":1`).join(',')}}`],
        ['long string', `{"incidentId":${id},"text":"${'x'.repeat(40_000)}"}`],
        ['huge numbers', `{"incidentId":${id},"sinceSeq":1e308,"itemId":1e999,"text":-1e999}`],
        ['unsafe integer', `{"incidentId":${id},"sinceSeq":${2 ** 60}}`],
        ['null fields', `{"incidentId":${id},"sinceSeq":null,"text":null,"status":null,"itemId":null}`],
        ['duplicate keys', `{"incidentId":"x","incidentId":${id},"incidentId":{"a":1}}`],
        ['prototype key', '{"__proto__":{"polluted":true},"incidentId":"x"}'],
        ['constructor key', '{"constructor":{"prototype":{"polluted":true}}}'],
        ['a string', '"hello"'],
        ['a number', '42'],
        ['null', 'null'],
        ['an array', '[1,2,3]'],
      ];
      const failures: string[] = [];
      try {
        for (const event of events) {
          const { emitRaw } = await connect();
          for (const [name, payload] of payloads) {
            const ack = await emitRaw(event, payload);
            const status = ack?.error?.statusCode;
            // A sequence number beyond the log is nothing to replay: accepted, and harmless.
            const accepted = name === 'unsafe integer' && event === 'incident:join' && ack?.ok === true;
            const ok = accepted || (ack?.ok === false && status >= 400 && status < 500 && status !== 429);
            if (!ok) failures.push(`${event} ${name}: ${JSON.stringify(ack)?.slice(0, 200)}`);
          }
        }
      } finally {
        for (const c of clients.splice(0)) c.close();
      }
      expect(failures).toEqual([]);
      const { client, socket, emit } = await connect();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await emit('message:post', { incidentId: incident.id, text: 'still here' })).ok).toBe(true);

      // Over the size limit the server closes the connection (socket.io's own limit); the room answers
      // again once the client reconnects.
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.emit('message:post', {
        incidentId: incident.id,
        text: 'x'.repeat(LIMITS.socketMessageBytes + 10),
      });
      expect(await dropped).toBe('transport close');
      await client.connected();
      expect((await emit('message:post', { incidentId: incident.id, text: 'back again' })).ok).toBe(true);
      client.close();
    }, 120_000);
  });
});
