import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { HUB_OPTIONS } from '@hub/app';
import type { Page } from 'playwright-core';
import { ApiClient, ConsoleBrowser, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * The console's admin pages in a real browser: edits with errors in place, rotation, sign-in mappings, a
 * member's tokens and sessions, deactivation, the log.
 */
describe('the console’s administration pages', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'consoleadmin' });
    as = await t.seed();
    await t.admin.patch(`/organisations/${as.clipcast.organisation.id}`, {
      webhook: { url: 'http://127.0.0.1:9/clipcast', secret: 'clipcast-secret-0123456789' },
    });
    browser = await ConsoleBrowser.open(t.url);
    page = await browser.signIn(t.adminToken, { width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('edits a platform, showing the hub’s refusal next to the field', async () => {
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'ClipCast' }).click();
    await page.getByRole('heading', { name: 'ClipCast' }).waitFor();
    await page.getByLabel('Domains').fill('clipcast.example\nnot a domain');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#org-domains-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/domains/);
    await expect(page.getByLabel('Domains').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Name', { exact: true }).fill('ClipCast Europe');
    await page.getByLabel('Domains').fill('clipcast.example\nclipcast.eu');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'ClipCast Europe' }).waitFor();
    const stored = await t.sql.query(`SELECT name, domains FROM organisations WHERE id = $1`, [
      as.clipcast.organisation.id,
    ]);
    expect(stored.rows[0]).toEqual({ name: 'ClipCast Europe', domains: ['clipcast.example', 'clipcast.eu'] });
  });

  it('rotates the webhook secret and shows the new one once', async () => {
    await page.getByLabel('Grace period (minutes)').fill('-5');
    await page.getByRole('button', { name: 'Rotate' }).click();
    await page.locator('#rotate-grace-error').waitFor();
    await page.getByLabel('Grace period (minutes)').fill('15');
    await page.getByRole('button', { name: 'Rotate' }).click();
    const shown = page.locator('code.secret');
    await shown.waitFor();
    const secret = await shown.textContent();
    const stored = await t.sql.query(`SELECT webhook_secret FROM organisations WHERE id = $1`, [
      as.clipcast.organisation.id,
    ]);
    expect(stored.rows[0].webhook_secret).toBe(secret);
    await page.getByText(/The previous secret signs until/).waitFor();
  });

  it('adds a sign-in mapping, showing the refused value next to its field, and links the contacts', async () => {
    const form = page.getByRole('form', { name: 'Add a sign-in mapping' });
    await form.getByLabel('Claim').fill('groups of people');
    await form.getByLabel('Value').fill('clipcast-trust-safety');
    await form.getByRole('button', { name: 'Add the mapping' }).click();
    const error = page.locator('#sso-claim-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/claim/);
    await expect(form.getByLabel('Claim').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByLabel('Claim').fill('groups');
    await form.getByLabel('Role').selectOption('liaison');
    await form.getByRole('button', { name: 'Add the mapping' }).click();
    const row = page.getByRole('region', { name: 'Sign-in mappings' }).locator('tbody tr');
    await row.filter({ hasText: 'clipcast-trust-safety' }).waitFor();
    expect(await row.first().textContent()).toContain('any configured issuer');
    const stored = await t.sql.query(
      `SELECT claim, value, role, issuer_key FROM sso_mappings WHERE organisation_id = $1`,
      [as.clipcast.organisation.id],
    );
    expect(stored.rows).toEqual([
      { claim: 'groups', value: 'clipcast-trust-safety', role: 'liaison', issuer_key: null },
    ]);

    await page.getByRole('link', { name: 'Contact points' }).click();
    await page.getByText('Contacts of ClipCast Europe').waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'ClipCast Europe' }).waitFor();
  });

  it("creates a member's token, shown once, and revokes it", async () => {
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByRole('link').first().click();
    const tokens = page.getByRole('region', { name: 'Tokens' });
    await tokens.waitFor();
    await tokens.getByRole('button', { name: 'Create a token' }).click();
    const shown = tokens.locator('code.secret');
    await shown.waitFor();
    const secret = (await shown.textContent())!;
    const created = await t.sql.query(
      `SELECT id FROM tokens WHERE member_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [as.clipcast.memberId],
    );
    const tokenId = created.rows[0].id as string;
    const row = tokens.locator(`tr[data-token-id="${tokenId}"]`);
    await row.getByText('valid').waitFor();
    const holder = new ApiClient(t.url, secret);
    expect((await holder.get('/me')).status).toBe(200);
    expect(await tokens.locator('table').textContent()).not.toContain(secret.slice(8));

    await row.getByRole('button', { name: /Revoke/ }).click();
    await row.getByText(/^revoked/).waitFor();
    expect(await row.locator('td').nth(1).textContent()).not.toBe('never');
    const revoked = await t.sql.query(`SELECT revoked_at FROM tokens WHERE id = $1`, [tokenId]);
    expect(revoked.rows[0].revoked_at).toBeInstanceOf(Date);
    expect((await holder.get('/me')).status).toBe(401);
    expect((await as.clipcast.api.get('/me')).status).toBe(200);
  });

  it("lists a member's live sessions", async () => {
    const mapping = await t.sql.query(`SELECT id FROM sso_mappings WHERE organisation_id = $1`, [
      as.clipcast.organisation.id,
    ]);
    await t.sql.query(
      `INSERT INTO sessions (id, secret_hash, member_id, issuer, subject, mapping_id, created_at, last_used_at,
                             expires_at)
       VALUES ($1, $2, $3, 'clipcast-idp', 'anna@clipcast.example', $4, now(), now(), now() + interval '8 hours')`,
      [randomUUID(), 'a'.repeat(64), as.clipcast.memberId, mapping.rows[0].id],
    );
    await page.reload();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('cell', { name: 'anna@clipcast.example' }).waitFor();
    expect(await sessions.locator('tbody tr').first().textContent()).toContain('clipcast-idp');
    await page.getByRole('link', { name: 'Back to the organisation' }).click();
    await page.getByRole('heading', { name: 'ClipCast Europe' }).waitFor();
  });

  it('removes a sign-in mapping, which ends the sessions it admitted', async () => {
    const mappings = page.getByRole('region', { name: 'Sign-in mappings' });
    await mappings.getByRole('button', { name: 'Remove the mapping groups clipcast-trust-safety' }).click();
    await waitFor(
      () => mappings.locator('tbody tr').count(),
      (n) => n === 0,
      { what: 'the mapping gone from the page' },
    );
    const left = await t.sql.query(
      `SELECT (SELECT count(*) FROM sso_mappings WHERE organisation_id = $1)::int AS mappings,
              (SELECT count(*) FROM sessions WHERE member_id = $2)::int AS sessions`,
      [as.clipcast.organisation.id, as.clipcast.memberId],
    );
    expect(left.rows[0]).toEqual({ mappings: 0, sessions: 0 });
  });

  it("deactivates a member from the organisation's page", async () => {
    await page.getByRole('button', { name: /Deactivate ClipCast/ }).click();
    await page.getByRole('button', { name: /Reactivate ClipCast/ }).waitFor();
    expect((await as.clipcast.api.get('/me')).status).toBe(401);
  });

  it('lists the admin audit log with the verdict of its chain', async () => {
    await page.getByRole('link', { name: 'Admin audit' }).click();
    await page.getByText(/The chains hold/).waitFor();
    const rows = await waitFor(
      () => page.locator('table.list tbody tr').allTextContents(),
      (r) => r.some((text) => text.includes('member deactivated')),
      { what: 'the deactivation in the log' },
    );
    expect(rows.some((text) => text.includes('organisation webhook secret rotated'))).toBe(true);
  });
  it('adds an organisation and a member, showing refusals next to their fields', async () => {
    await page.getByRole('link', { name: 'Organisations' }).click();
    const addOrganisation = page.getByRole('form', { name: 'Add an organisation' });
    await addOrganisation.getByLabel('Name').fill('StreamNest');
    await addOrganisation.getByLabel('Kind').selectOption('platform');
    await addOrganisation.getByLabel('Platform key').fill('Stream Nest');
    await addOrganisation.getByLabel('Domains').fill('streamnest.example');
    await addOrganisation.getByRole('button', { name: 'Add the organisation' }).click();
    await page.locator('#new-org-platform-key-error').waitFor();
    await addOrganisation.getByLabel('Platform key').fill('streamnest');
    await addOrganisation.getByRole('button', { name: 'Add the organisation' }).click();
    await page.getByRole('heading', { name: 'StreamNest' }).waitFor();
    const organisation = await t.sql.query(
      `SELECT id, kind, platform_key, domains FROM organisations WHERE name = 'StreamNest'`,
    );
    expect(organisation.rows[0]).toMatchObject({
      kind: 'platform',
      platform_key: 'streamnest',
      domains: ['streamnest.example'],
    });

    const addMember = page.getByRole('form', { name: 'Add a member' });
    await addMember.getByRole('button', { name: 'Add the member' }).click();
    await page.locator('#new-member-name-error').waitFor();
    await addMember.getByLabel('Display name').fill('Noor Haddad');
    await addMember.getByLabel('Role').selectOption('liaison');
    await addMember.getByRole('button', { name: 'Add the member' }).click();
    const shown = addMember.locator('code.secret');
    await shown.waitFor();
    const holder = new ApiClient(t.url, (await shown.textContent())!);
    const me = await holder.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.member).toMatchObject({ displayName: 'Noor Haddad', role: 'liaison' });
    expect(me.body.organisation.id).toBe(organisation.rows[0].id);
  });

  it('edits a member, showing a refused role next to its field, and revokes every token they hold', async () => {
    await page.getByRole('region', { name: 'Members' }).getByRole('link', { name: 'Noor Haddad' }).click();
    const form = page.getByRole('form', { name: 'Edit the member' });
    await form.getByLabel('Role').selectOption('observer');
    await form.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#member-role-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/liaison/);
    await form.getByLabel('Display name').fill('Noor Haddad-Lind');
    await form.getByLabel('Role').selectOption('liaison');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Noor Haddad-Lind' }).waitFor();
    const member = await t.sql.query(`SELECT id, role FROM members WHERE display_name = 'Noor Haddad-Lind'`);
    expect(member.rows[0].role).toBe('liaison');

    await page.getByRole('button', { name: 'Revoke every token' }).click();
    await page.getByText('1 token revoked.').waitFor();
    const live = await t.sql.query(
      `SELECT count(*)::int AS n FROM tokens WHERE member_id = $1 AND revoked_at IS NULL`,
      [member.rows[0].id],
    );
    expect(live.rows[0].n).toBe(0);
  });
});
