import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** The console's admin pages in a real browser: edits with errors in place, rotation, deactivation, the log. */
describe('the console’s administration pages', () => {
  let t: TestHub;
  let as: Cast;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'consoleadmin' });
    as = await t.seed();
    await t.admin.patch(`/organisations/${as.clipcast.organisation.id}`, {
      webhook: { url: 'http://127.0.0.1:9/clipcast', secret: 'clipcast-secret-0123456789' },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${t.url}/`);
    await page.getByLabel('Access token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
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

    await page.getByLabel('Name').fill('ClipCast Europe');
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
});
