import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import type { Browser, Page } from 'playwright-core';
import {
  freePort,
  launchChromium,
  screenshot,
  startTestHub,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';
import { startIdentityProvider, type IdentityProvider } from './identity-provider';

/**
 * A person of the Belgian police signs in to the console in chromium through their identity provider's
 * own login page, lands as the mapped member, notifies a crisis (a change: the CSRF header goes along),
 * is live in the room by cookie, and signs out (the session ends at the hub).
 */
describe('signing in to the console through an identity provider, in a browser', () => {
  let t: TestHub;
  let as: Cast;
  let idp: IdentityProvider;
  let browser: Browser;
  let hubUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({
      redirectUri: `${hubUrl}/api/v1/auth/callback`,
      accounts: { alice: { name: 'Alice Martin', groups: ['be-police-crisis'] } },
    });
    t = await startTestHub(HUB_OPTIONS, {
      label: 'oidc-console',
      env: {
        PORT: String(port),
        HUB_PUBLIC_URL: hubUrl,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_NAME: 'Belgian federal police',
      },
    });
    as = await t.seed();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  it('lands the mapped member in the console, acting by role, live by cookie, until sign-out', async () => {
    const mapped = await t.admin.post(`/organisations/${as.be.organisation.id}/sso`, {
      claim: 'groups',
      value: 'be-police-crisis',
      role: 'authority',
    });
    expect(mapped.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${hubUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Belgian federal police' }).waitFor();
    await screenshot(page, 'sign-in-with-provider');
    await page.getByRole('link', { name: 'Sign in with Belgian federal police' }).click();
    // The provider's own pages: login, then consent.
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('.whoami').textContent()).toMatch(/Alice Martin · .* · authority/);
    await page.locator('.connection.up').waitFor();
    await screenshot(page, 'signed-in-through-provider');
    // The session cookie is out of the page's reach; the CSRF token is not.
    const cookies = await context.cookies(hubUrl);
    expect(cookies.find((c) => c.name === 'hub_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => (globalThis as any).document.cookie)).toMatch(/^hub_csrf=[\w-]+$/);

    await page.getByRole('button', { name: 'Notify a possible crisis' }).click();
    await page.getByLabel('Title').fill('Hoax about polling stations');
    await page.getByLabel('Summary').fill('A hoax that voids ballots spreads in Brussels.');
    await page.getByRole('button', { name: 'Notify', exact: true }).click();
    await page.waitForURL(/#\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = page.url().split('/').pop()!;
    const { rows } = await t.sql.query(
      `SELECT m.display_name FROM incidents i JOIN members m ON m.id = i.created_by WHERE i.id = $1`,
      [incidentId],
    );
    expect(rows).toEqual([{ display_name: 'Alice Martin' }]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in with Belgian federal police' }).waitFor();
    await waitFor(
      async () => (await t.sql.query(`SELECT count(*)::int AS n FROM sessions`)).rows[0].n === 0,
      Boolean,
      {
        what: 'the session ended at the hub',
      },
    );
    // A reload stays signed out.
    await page.reload();
    await page.getByRole('link', { name: 'Sign in with Belgian federal police' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });
});
