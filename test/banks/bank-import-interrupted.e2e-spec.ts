import { startProcessHub, waitFor, type ProcessHub } from '@hub/testing';
import { createHash } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';

const LINES = 30_000;
const line = (i: number) => `pdq ${createHash('sha256').update(`interrupted ${i}`).digest('hex')}\n`;
const file = (from: number, to: number) => {
  let text = '';
  for (let i = from; i < to; i++) text += line(i);
  return text;
};

/** An upload left open: the caller writes the body a part at a time, and may never end it. */
function openUpload(url: string, token: string): { req: ClientRequest; answered: Promise<unknown> } {
  const req = request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
  });
  const answered = new Promise((resolve) => {
    req.on('response', resolve);
    req.on('error', resolve); // the api is killed under it: the socket hangs up
  });
  return { req, answered };
}

describe('an import interrupted by its process being killed', () => {
  let hub: ProcessHub;

  beforeAll(async () => {
    hub = await startProcessHub({ label: 'bankint' });
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('is marked failed with a message to run it again, and the same file again adds what is missing', async () => {
    const bank = await hub.admin.post('/banks', { name: 'Interrupted', visibility: 'members' });
    expect(bank.status).toBe(201);
    const bankId = bank.body.id;
    const latest = async () => (await hub.admin.get(`/banks/${bankId}`)).body;

    // The first two thirds of the file go out; the end never does.
    const upload = openUpload(`${hub.url}/api/v1/banks/${bankId}/import`, hub.admin.token!);
    upload.req.write(file(0, 20_000));
    const running = await waitFor(latest, (b) => b.latestImport?.added >= 5_000, {
      timeoutMs: 30_000,
      what: 'a first batch committed',
    });
    // A live import (its process holds its lock) is not taken for an interrupted one.
    expect(running.latestImport.state).toBe('running');

    await hub.api.kill('SIGKILL');
    await upload.answered;
    hub.api.start();
    await waitFor(
      () =>
        fetch(`${hub.url}/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (s) => s === 200,
      { timeoutMs: 30_000, what: `api ready again ${hub.api.output}` },
    );

    // Marked at start, before anyone asks: its entry in the bank's log says so.
    const { rows: finished } = await hub.db.sql.query(
      `SELECT data FROM bank_events WHERE bank_id = $1 AND type = 'bank.import_finished'`,
      [bankId],
    );
    expect(finished).toHaveLength(1);
    expect(finished[0].data).toMatchObject({ importId: running.latestImport.id, state: 'failed' });
    expect(finished[0].data.error).toMatch(/interrupted.*same file again/);

    const after = await latest();
    expect(after.latestImport).toMatchObject({ state: 'failed' });
    expect(after.latestImport.error).toMatch(/interrupted.*same file again/);
    const kept = after.signalCount;
    expect(kept).toBeGreaterThanOrEqual(5_000);
    expect(kept).toBeLessThanOrEqual(20_000);

    const again = await hub.admin.request('POST', `/banks/${bankId}/import`, file(0, LINES), {
      'content-type': 'text/plain',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      linesRead: LINES,
      added: LINES - kept,
      duplicates: kept,
      rejectedCount: 0,
    });
    const done = await latest();
    expect(done.signalCount).toBe(LINES);
    expect(done.latestImport).toMatchObject({ state: 'completed', added: LINES - kept, duplicates: kept });
    const { rows } = await hub.db.sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT value)::int AS distinct FROM bank_signals WHERE bank_id = $1`,
      [bankId],
    );
    expect(rows[0]).toEqual({ n: LINES, distinct: LINES });
  }, 180_000);
});
