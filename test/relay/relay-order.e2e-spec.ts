import { HUB_OPTIONS } from '@hub/app';
import { PgRelayRepository, type RelayCursor } from '@hub/persistence';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { Client } from 'pg';

/**
 * An incident's events are relayed in `seq` order even when transaction ids say otherwise: a transaction
 * takes its id at its first write and its `seq` later, under the incident's lock, so an older id can hold
 * a later `seq`. Arranged here with three sessions on the hub's real database: A takes its id, X (a third
 * transaction, still running) and B take theirs, B appends to the incident first (seq n), A second (n + 1).
 * Once both have committed, A's id is below the horizon (X's), B's is not: a read that took A's event
 * alone would hand a platform's webhook n + 1 before n.
 */
describe('the relay reads an incident in seq order whatever the transaction ids', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  let relay: PgRelayRepository;
  const sessions: Client[] = [];

  const session = async () => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    sessions.push(client);
    return client;
  };
  const txId = async (c: Client) =>
    (await c.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id')).rows[0].id;
  const append = (c: Client, text: string, to = incident) =>
    c.query(
      `SELECT * FROM hub_append_events($1::uuid, NULL, now(), ARRAY['message.posted'], ARRAY[$2]::uuid[],
              ARRAY[$3]::uuid[], ARRAY[$4::jsonb], ARRAY[md5($4::text)])`,
      [to.id, as.be.memberId, as.be.organisation.id, JSON.stringify({ text })],
    );
  const horizon = async () =>
    (await t.sql.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin'))
      .rows[0].xmin;
  const texts = (rows: { incident_id: string; data: any }[], of = [incident]) =>
    rows
      .filter((r) => of.some((i) => i.id === r.incident_id) && r.data?.text)
      .map((r) => r.data.text as string);
  const lastCursor = async () =>
    (
      await t.sql.query<RelayCursor>(
        'SELECT tx_id::text AS tx, id::text AS id FROM incident_events ORDER BY tx_id DESC, id DESC LIMIT 1',
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'relayorder' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    relay = await PgRelayRepository.connect(t.db.url);
  });
  afterAll(async () => {
    for (const c of sessions) await c.end().catch(() => undefined);
    await relay?.close();
    await t?.close();
  });

  it('takes a later seq with an older transaction id only together with the earlier seq', async () => {
    const [a, x, b] = [await session(), await session(), await session()];
    const cursor = await lastCursor();
    for (const c of [a, x, b]) await c.query('BEGIN');
    const ids = { a: await txId(a), x: await txId(x), b: await txId(b) };
    expect(BigInt(ids.a) < BigInt(ids.x) && BigInt(ids.x) < BigInt(ids.b)).toBe(true);

    await append(b, 'first'); // B holds the incident's lock: its seq comes first
    const second = append(a, 'second'); // A waits for it
    await b.query('COMMIT');
    await second;
    await a.query('COMMIT');
    const seqs = await t.sql.query<{ seq: number; text: string }>(
      `SELECT seq, data->>'text' AS text FROM incident_events WHERE incident_id = $1 AND data ? 'text' ORDER BY seq`,
      [incident.id],
    );
    expect(seqs.rows.map((r) => r.text)).toEqual(['first', 'second']);

    // Everything older than X has finished: A's transaction id is readable, B's is not (X runs).
    await waitFor(horizon, (xmin) => xmin === ids.x, { what: "the horizon at X's transaction id" });
    expect(texts(await relay.eventsAfter(cursor, false))).toEqual([]);

    await x.query('COMMIT');
    await waitFor(horizon, (xmin) => BigInt(xmin) > BigInt(ids.b), { what: 'the horizon past B' });
    const read = await relay.eventsAfter(cursor, false);
    expect(texts(read)).toEqual(['second', 'first']); // commit order (A's id first); the relay sorts by event id
    const mine = read.filter((r) => r.incident_id === incident.id && r.data?.text);
    expect([...mine].sort((p, q) => Number(p.id) - Number(q.id)).map((r) => r.data.text)).toEqual([
      'first',
      'second',
    ]);
  });

  /**
   * The same inversion inside one read, with a second that moves the read's end before the first's earlier
   * seq. Transaction ids in this order: A (incident 1, seq s + 1), F (incident 2, seq t + 1), B (incident 1,
   * seq s), X (still running), G (incident 2, seq t). With X running, A, F and B are readable and G is not.
   * F waits for G, so the read may not end at F or after it; ending before F would take A alone, with its
   * earlier seq (B) left for later: the read takes none of the three until G is readable too.
   */
  it('ends a read before an event whose earlier seq lies past the end another incident set', async () => {
    const other = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const [a, f, b, x, g] = [
      await session(),
      await session(),
      await session(),
      await session(),
      await session(),
    ];
    const cursor = await lastCursor();
    for (const c of [a, f, b, x, g]) await c.query('BEGIN');
    const ids = [await txId(a), await txId(f), await txId(b), await txId(x), await txId(g)].map(BigInt);
    expect(ids.every((id, i) => i === 0 || ids[i - 1] < id)).toBe(true);

    await append(b, 'one: s'); // incident 1: B takes the lock first
    const one = append(a, 'one: s + 1');
    await append(g, 'two: t', other); // incident 2: G takes the lock first
    const two = append(f, 'two: t + 1', other);
    await b.query('COMMIT');
    await one;
    await a.query('COMMIT');
    await g.query('COMMIT');
    await two;
    await f.query('COMMIT');

    await waitFor(horizon, (xmin) => xmin === String(ids[3]), { what: "the horizon at X's transaction id" });
    expect(texts(await relay.eventsAfter(cursor, false), [incident, other])).toEqual([]);

    await x.query('COMMIT');
    await waitFor(horizon, (xmin) => BigInt(xmin) > ids[4], { what: 'the horizon past G' });
    const read = await relay.eventsAfter(cursor, false);
    // Commit order: A, F, B, G; in each incident, by event id, seq order.
    expect(texts(read, [incident, other])).toEqual(['one: s + 1', 'two: t + 1', 'one: s', 'two: t']);
    const byId = [...read].sort((p, q) => Number(p.id) - Number(q.id));
    expect(texts(byId)).toEqual(['one: s', 'one: s + 1']);
    expect(texts(byId, [other])).toEqual(['two: t', 'two: t + 1']);
  });
});
