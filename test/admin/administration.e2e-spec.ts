import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type Cast, type TestHub } from '@hub/testing';

/** The administration routes: edits with the checks of creation, members, the rules that keep an admin. */
describe('administration', () => {
  let t: TestHub;
  let as: Cast;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'admin' });
    as = await t.seed();
  });
  afterAll(() => t?.close());

  const auditOf = async (subjectId: string) =>
    (
      await t.sql.query(
        `SELECT action, actor_member_id, data FROM admin_audit WHERE subject_id = $1 ORDER BY seq`,
        [subjectId],
      )
    ).rows;

  it('edits an organisation, and logs the change with its actor in the same transaction', async () => {
    const platform = as.clipcast.organisation.id;
    const edited = await t.admin.patch(`/organisations/${platform}`, {
      name: 'ClipCast Europe',
      domains: ['ClipCast.example', 'cc.example'],
      webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: platform,
      name: 'ClipCast Europe',
      domains: ['clipcast.example', 'cc.example'],
      webhook: { url: 'http://127.0.0.1:9/hook' },
      active: true,
    });
    const row = await t.sql.query(`SELECT name, webhook_secret FROM organisations WHERE id = $1`, [platform]);
    expect(row.rows[0]).toEqual({ name: 'ClipCast Europe', webhook_secret: 'a-long-enough-secret' });
    const audit = await auditOf(platform);
    expect(audit.map((a) => a.action)).toEqual(['organisation.created', 'organisation.updated']);
    const me = (await t.admin.get('/me')).body.member.id;
    expect(audit[1].actor_member_id).toBe(me);
    expect(audit[1].data).toEqual({
      name: 'ClipCast Europe',
      domains: ['clipcast.example', 'cc.example'],
      webhook: { url: 'http://127.0.0.1:9/hook', secretReplaced: true },
    });
    expect(JSON.stringify(audit)).not.toContain('a-long-enough-secret');

    // The same change again is no act: nothing is logged.
    await t.admin.patch(`/organisations/${platform}`, { name: 'ClipCast Europe' });
    expect(await auditOf(platform)).toHaveLength(2);
    // A webhook removed.
    const removed = await t.admin.patch(`/organisations/${platform}`, { webhook: null });
    expect(removed.status).toBe(200);
    expect(removed.body.webhook).toBeUndefined();
  });

  it('refuses bad edits naming the field, and stores nothing', async () => {
    const platform = as.videoshare.organisation.id;
    const before = await t.sql.query(`SELECT * FROM organisations WHERE id = $1`, [platform]);
    const cases: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ domains: ['not a domain'] }, 'domains'],
      [{ domains: 'videoshare.example' }, 'domains'],
      [{ webhook: { url: 'ftp://x.example/', secret: 'a-long-enough-secret' } }, 'webhook'],
      [{ webhook: { url: 'https://x.example/', secret: 'short' } }, 'webhook'],
      [{ active: 'no' }, 'active'],
      [{ kind: 'observer' }, 'kind'],
      [{ platformKey: 'other' }, 'platformKey'],
    ];
    for (const [body, field] of cases) {
      const res = await t.admin.patch(`/organisations/${platform}`, body);
      expect([res.status, JSON.stringify(body)]).toEqual([400, JSON.stringify(body)]);
      expect(res.body.message).toContain(field);
    }
    const observer = await t.admin.patch(`/organisations/${as.observer.organisation.id}`, {
      domains: ['observer.example'],
    });
    expect(observer.status).toBe(400);
    expect(observer.body.details).toEqual([expect.objectContaining({ field: 'domains' })]);
    const after = await t.sql.query(`SELECT * FROM organisations WHERE id = $1`, [platform]);
    expect(after.rows).toEqual(before.rows);
    expect((await t.admin.patch(`/organisations/00000000-0000-4000-8000-000000000000`, {})).status).toBe(404);
    expect((await t.admin.patch(`/organisations/nope`, {})).status).toBe(400);
  });

  it('refuses a webhook on a private or metadata address when private targets are not allowed', async () => {
    const strict = await startTestHub(HUB_OPTIONS, {
      label: 'adminssrf',
      env: { HUB_WEBHOOK_ALLOW_PRIVATE: 'false' },
    });
    try {
      const org = await strict.admin.post('/organisations', {
        name: 'Strict platform',
        kind: 'platform',
        platformKey: 'strict',
        domains: ['strict.example'],
      });
      const res = await strict.admin.patch(`/organisations/${org.body.id}`, {
        webhook: { url: 'http://169.254.169.254/latest/meta-data/', secret: 'a-long-enough-secret' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'webhook.url' })]);
      const row = await strict.sql.query(`SELECT webhook_url FROM organisations WHERE id = $1`, [
        org.body.id,
      ]);
      expect(row.rows[0].webhook_url).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it("lists an organisation's members to admins and to its own members only", async () => {
    const org = as.be.organisation.id;
    const listed = await t.admin.get(`/organisations/${org}/members`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: as.be.memberId, organisationId: org, role: 'authority', active: true }),
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/token/i);
    expect((await as.be.api.get(`/organisations/${org}/members`)).status).toBe(200);
    expect((await as.fr.api.get(`/organisations/${org}/members`)).status).toBe(403);
    expect((await as.coordinator.api.get(`/organisations/${org}/members`)).status).toBe(403);
    expect((await t.admin.get(`/organisations/00000000-0000-4000-8000-000000000000/members`)).status).toBe(
      404,
    );
  });

  it('edits a member: display name, a role that fits the organisation, nothing else', async () => {
    const id = as.fr.memberId;
    const renamed = await t.admin.patch(`/members/${id}`, { displayName: 'Police nationale, cellule crise' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      id,
      displayName: 'Police nationale, cellule crise',
      role: 'authority',
    });
    const wrongRole = await t.admin.patch(`/members/${id}`, { role: 'liaison' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    expect((await t.admin.patch(`/members/${id}`, { role: 'superuser' })).body.message).toContain('role');
    expect((await t.admin.patch(`/members/${id}`, { organisationId: as.be.organisation.id })).status).toBe(
      400,
    );
    expect((await t.admin.patch(`/members/${id}`, { displayName: 'y'.repeat(201) })).status).toBe(400);
    expect((await t.admin.patch(`/members/00000000-0000-4000-8000-000000000000`, {})).status).toBe(404);
    const row = await t.sql.query(`SELECT display_name, role FROM members WHERE id = $1`, [id]);
    expect(row.rows[0]).toEqual({ display_name: 'Police nationale, cellule crise', role: 'authority' });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['member.created', 'member.updated']);
  });

  it('keeps an admin: not themselves, not their organisation, not the last active admin', async () => {
    const me = (await t.admin.get('/me')).body;
    const self = await t.admin.patch(`/members/${me.member.id}`, { active: false });
    expect(self.status).toBe(409);
    const ownOrg = await t.admin.patch(`/organisations/${me.organisation.id}`, { active: false });
    expect(ownOrg.status).toBe(409);

    // A second admin may switch the first off, but then not themselves (the last one left).
    const second = await t.admin.post(`/organisations/${me.organisation.id}/members`, {
      displayName: 'Second admin',
      role: 'admin',
    });
    const other = t.client(second.body.token);
    expect((await other.patch(`/members/${me.member.id}`, { active: false })).status).toBe(200);
    expect((await t.admin.get('/me')).status).toBe(401);
    expect((await other.patch(`/members/${second.body.member.id}`, { active: false })).status).toBe(409);
    // Switched on again, the first admin's token works again.
    expect((await other.patch(`/members/${me.member.id}`, { active: true })).body.active).toBe(true);
    expect((await t.admin.get('/me')).status).toBe(200);
    expect((await auditOf(me.member.id)).map((a) => a.action)).toEqual([
      'admin.bootstrapped',
      'member.deactivated',
      'member.reactivated',
    ]);
  });

  it('lists the admin audit log in order to admins and observers, paged', async () => {
    const first = await t.admin.get('/audit/admin?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(first.body.items[0]).toMatchObject({
      action: 'organisation.created',
      actor: { memberId: null, organisationId: null },
      subject: { type: 'organisation' },
      prevHash: '0'.repeat(64),
    });
    expect(first.body.items[1].prevHash).toBe(first.body.items[0].hash);
    expect(first.body.next).toBe('3');
    const next = await as.observer.api.get(`/audit/admin?after=${first.body.next}&limit=2`);
    expect(next.status).toBe(200);
    expect(next.body.items.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
    const created = next.body.items.find((e: { action: string }) => e.action === 'organisation.created');
    expect(created.actor.memberId).toBe((await t.admin.get('/me')).body.member.id);
    expect((await as.coordinator.api.get('/audit/admin')).status).toBe(403);
    expect((await t.admin.get('/audit/admin?limit=501')).status).toBe(400);
    expect((await t.admin.get('/audit/admin?after=x')).status).toBe(400);
  });

  it('verifies the admin chain with the incidents’ and names an entry altered behind its back', async () => {
    const verified = await t.admin.get('/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.adminChecked).toBeGreaterThan(10);
    const [target] = (
      await t.sql.query(
        `SELECT id FROM admin_audit WHERE action = 'organisation.updated' ORDER BY seq LIMIT 1`,
      )
    ).rows;
    await expect(t.sql.query(`DELETE FROM admin_audit WHERE id = $1`, [target.id])).rejects.toThrow(
      /append-only/,
    );
    // Someone with direct database access hides a change of name, bypassing the trigger.
    await t.sql.query(`ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_no_update`);
    await t.sql.query(`UPDATE admin_audit SET data = data - 'name' WHERE id = $1`, [target.id]);
    const broken = await as.observer.api.get('/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, firstBrokenAdminEntryId: String(target.id) });
    expect(broken.body.firstBrokenEventId).toBeUndefined();

    // Restored, it holds again; then the last entry is cut off instead: the chain stops short of its head.
    await t.sql.query(`UPDATE admin_audit SET data = data || '{"name":"ClipCast Europe"}' WHERE id = $1`, [
      target.id,
    ]);
    expect((await t.admin.get('/audit/verify')).body.ok).toBe(true);
    const [last] = (await t.sql.query(`SELECT id FROM admin_audit ORDER BY seq DESC LIMIT 1`)).rows;
    await t.sql.query(`DELETE FROM admin_audit WHERE id = $1`, [last.id]);
    await t.sql.query(`ALTER TABLE admin_audit ENABLE TRIGGER admin_audit_no_update`);
    const truncated = await t.admin.get('/audit/verify');
    expect(truncated.body.ok).toBe(false);
    expect(truncated.body.firstBrokenAdminEntryId).toBeDefined();
  });
});
