import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';

describe('identities and tokens', () => {
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'identity' });
  });
  afterAll(() => t?.close());

  it('answers /me for the bootstrap admin and 401 without or with a bad token', async () => {
    const me = await t.admin.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.member.role).toBe('admin');
    expect(me.body.organisation.kind).toBe('hub');
    expect((await t.anonymous.get('/me')).status).toBe(401);
    const bad = await t.client('hub_not-a-real-token').get('/me');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('creates organisations and members; the token is shown once and stored only hashed', async () => {
    const org = await t.admin.post('/organisations', {
      name: 'VideoShare',
      kind: 'platform',
      platformKey: 'videoshare',
      domains: ['videoshare.example'],
      webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a-webhook-secret-of-some-length' },
    });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({
      kind: 'platform',
      platformKey: 'videoshare',
      webhook: { url: 'http://127.0.0.1:9/hook' },
    });
    expect(JSON.stringify(org.body)).not.toContain('a-webhook-secret');

    const created = await t.admin.post(`/organisations/${org.body.id}/members`, {
      displayName: 'Liaison',
      role: 'liaison',
    });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    const me = await t.client(token).get('/me');
    expect(me.body).toMatchObject({
      member: { role: 'liaison', displayName: 'Liaison' },
      organisation: { platformKey: 'videoshare' },
    });
    expect(me.body.organisation.webhook).toBeUndefined();

    const db = t.sql;
    // Search every text-like column of every table for the raw token.
    const columns = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character', 'character varying', 'jsonb', 'ARRAY')`,
    );
    for (const { table_name, column_name } of columns.rows) {
      const hit = await db.query(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text LIKE $1`,
        [`%${token}%`],
      );
      expect({ table_name, column_name, n: hit.rows[0].n }).toEqual({ table_name, column_name, n: 0 });
    }
    const stored = await db.query(
      `SELECT token_hash FROM tokens t JOIN members m ON m.id = t.member_id WHERE m.id = $1`,
      [me.body.member.id],
    );
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a role that does not fit the organisation kind', async () => {
    const authority = await t.admin.post('/organisations', {
      name: 'Police',
      kind: 'authority',
      country: 'BE',
    });
    const res = await t.admin.post(`/organisations/${authority.body.id}/members`, {
      displayName: 'X',
      role: 'liaison',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^role:/);
    expect(res.body.details[0].field).toBe('role');
  });

  it('names the field of a bad organisation and stores nothing', async () => {
    const before = (await t.admin.get('/organisations')).body.items.length;
    for (const [body, field] of [
      [{ name: 'x', kind: 'martian' }, 'kind'],
      [{ name: 'x', kind: 'authority' }, 'country'],
      [{ name: 'x', kind: 'platform' }, 'platformKey'],
      [{ name: 'x', kind: 'platform', platformKey: 'UPPER' }, 'platformKey'],
      [{ name: 'x'.repeat(201), kind: 'observer' }, 'name'],
      [{ name: 'x', kind: 'observer', extra: 1 }, 'extra'],
      [
        {
          name: 'x',
          kind: 'platform',
          platformKey: 'p1',
          webhook: { url: 'not a url', secret: 'x'.repeat(20) },
        },
        'webhook.url',
      ],
    ] as const) {
      const res = await t.admin.post('/organisations', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.message).toContain(field);
    }
    const dup = await t.admin.post('/organisations', {
      name: 'Again',
      kind: 'platform',
      platformKey: 'videoshare',
    });
    expect(dup.status).toBe(409);
    expect((await t.admin.get('/organisations')).body.items.length).toBe(before);
  });

  it('answers 403 to a known member without the role, and revoked tokens stop working', async () => {
    const observer = await t.admin.post('/organisations', { name: 'Observer', kind: 'observer' });
    const member = await t.admin.post(`/organisations/${observer.body.id}/members`, {
      displayName: 'O',
      role: 'observer',
    });
    const as = t.client(member.body.token);
    const res = await as.post('/organisations', { name: 'Mine', kind: 'observer' });
    expect(res.status).toBe(403);
    expect((await as.get('/metrics')).status).toBe(403);
    expect((await as.get('/organisations')).status).toBe(200);
    const revoked = await t.admin.post(`/members/${member.body.member.id}/revoke-tokens`);
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await as.get('/me')).status).toBe(401);
  });

  it('serves metrics to admins and OpenAPI at /docs-json', async () => {
    const metrics = await t.admin.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('hub_http_request_duration_seconds');
    expect(metrics.body).toContain('hub_queue_jobs');
    const docs = await t.anonymous.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/incidents');
  });
});
