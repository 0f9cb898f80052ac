import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { CATALOGUES } from '@hub/i18n';
import type { Language } from '@hub/contracts';
import type { Page } from 'playwright-core';
import {
  ConsoleBrowser,
  declareIncident,
  screenshot,
  startTestHub,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The console's English sentences and labels that a reader of `language` must not meet: the `console.*`
 * messages without arguments whose translation differs, leaving out any that the language itself also uses
 * (German writes "Status" and "Filter" too) and single short words, which data may hold.
 */
function englishOf(language: Language): { key: string; text: string }[] {
  const own = CATALOGUES[language];
  const ownTexts = Object.values(own).join('\n');
  return Object.entries(CATALOGUES.en)
    .filter(([key, text]) => key.startsWith('console.') && !/[{}]/.test(text))
    .filter(([key, text]) => own[key] !== text && !ownTexts.includes(text))
    .filter(([, text]) => /\s/.test(text.trim()) || text.length >= 6)
    .map(([key, text]) => ({ key, text }));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English messages the page shows, each as a whole word or phrase of its visible text. The DISARM
 * techniques' names are the framework's own (English) names, data the console lists as they are.
 */
async function englishOn(page: Page, language: Language, data: string[]): Promise<string[]> {
  const techniques = page.locator('#share-techniques');
  const names = (await techniques.count()) ? await techniques.innerText() : '';
  let visible = (await page.locator('body').innerText()).replace(names, '');
  // Codes shown as code (an audit entry's JSON, a token) are for programs and stay as they are.
  for (const code of await page.locator('code').allInnerTexts()) visible = visible.split(code).join(' ');
  // What people named (organisations, members) is shown as typed, in whatever language it was typed.
  for (const typed of data) visible = visible.split(typed).join(' ');
  return englishOf(language)
    .filter(({ text }) => new RegExp(`(^|[^\\p{L}])${escape(text)}($|[^\\p{L}])`, 'u').test(visible))
    .map(({ key, text }) => `${key}: ${text}`);
}

/**
 * The console in a member's language, in chromium: a member whose language is German walks the main pages
 * and meets no English message of the catalogue; switching to French (the switcher) keeps French after a
 * reload, at the hub and on this browser. Needs `npm run build`.
 */
describe('the console in the reader’s language', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;
  let incidentId: string;
  let electionId: string;
  /** Names people gave: organisations and members. */
  let typed: string[];

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'consolelang' });
    as = await t.seed();
    const incident = await declareIncident(as);
    incidentId = incident.id;
    const shared = await as.be.api.post(`/incidents/${incidentId}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/attack-1',
      channel: 'removal_order',
      legalReference: 'TCO art. 3',
    });
    expect(shared.status).toBe(201);
    await as.be.api.post(`/incidents/${incidentId}/items`, {
      kind: 'url',
      url: 'https://clipcast.example/c/attack-2',
      channel: 'referral',
    });
    const ack = await as.videoshare.api.post(
      `/incidents/${incidentId}/items/${shared.body.item.id}/containment/videoshare`,
      { status: 'acknowledged' },
    );
    expect(ack.status).toBeLessThan(300);
    const now = Date.now();
    const election = await as.coordinator.api.post('/elections', {
      name: 'Municipal elections',
      votingDays: [new Date(now + DAY).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + 5 * DAY).toISOString(),
      participants: [as.be.organisation.id, as.fr.organisation.id],
      platforms: [],
    });
    expect(election.status).toBe(201);
    electionId = election.body.id;
    expect(
      (
        await as.be.api.post(`/elections/${electionId}/warnings`, {
          title: 'Forged ballot instructions',
          text: 'Posts tell voters to mark two boxes.',
          severity: 'urgent',
        })
      ).status,
    ).toBe(201);
    expect((await as.coordinator.api.patch('/me', { language: 'de' })).status).toBe(200);
    expect((await t.admin.patch('/me', { language: 'de' })).status).toBe(200);
    const organisations = (await t.admin.get('/organisations')).body.items as { id: string; name: string }[];
    const members = await Promise.all(
      organisations.map(async (o) => (await t.admin.get(`/organisations/${o.id}/members`)).body.items),
    );
    // Longest first: "VideoShare liaison" goes whole, before "VideoShare" would leave "liaison".
    typed = [...organisations.map((o) => o.name), ...members.flat().map((m: any) => m.displayName)].sort(
      (a, b) => b.length - a.length,
    );
    browser = await ConsoleBrowser.open(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens a page of the console and waits until it has shown its data. */
  const visit = async (page: Page, hash: string, ready: string) => {
    await page.goto(`${t.url}/${hash}`);
    await page.locator(ready).first().waitFor();
    await waitFor(
      () => page.locator('.muted:has-text("…"), .boot').count(),
      (n) => n === 0,
      { what: `${hash} loaded` },
    );
  };

  const expectNoEnglish = async (page: Page, language: Language, where: string) => {
    const english = await englishOn(page, language, typed);
    expect({ where, english }).toEqual({ where, english: [] });
  };

  it('has English messages to look for: the check could fail', () => {
    expect(englishOf('de').map((m) => m.text)).toEqual(
      expect.arrayContaining(['Containment matrix', 'Declare an incident', 'Sign out']),
    );
    expect(englishOf('fr').length).toBeGreaterThan(200);
  });

  it('shows a German member every main page in German, loading English and German only', async () => {
    const page = await browser.page();
    await page.getByLabel('Access token').fill(as.coordinator.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    // English (preloaded by index.html, the fallback) and German: no other language's catalogue.
    const fetched = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.includes('/assets/catalogue-')),
    );
    expect(fetched.map((url) => url.replace(/^.*catalogue-(\w+)-.*$/, '$1')).sort()).toEqual(['de', 'en']);

    await visit(page, '#/', 'tr[data-incident]');
    await page.getByRole('button', { name: 'Vorfall ausrufen' }).click();
    await page.locator('form.declare').waitFor();
    await expectNoEnglish(page, 'de', 'incidents');

    await visit(page, `#/incidents/${incidentId}`, 'td[data-platform="videoshare"][data-status]');
    await page.locator('.timeline li[data-type="containment.updated"]').waitFor();
    await page.locator('td[data-platform="videoshare"][data-status="acknowledged"] button').click();
    await page.locator('.cell-panel').waitFor();
    await expectNoEnglish(page, 'de', 'incident room');
    await screenshot(page, 'incident-room-de');

    await visit(page, `#/incidents/${incidentId}/report`, 'table.list tbody tr');
    await expectNoEnglish(page, 'de', 'report');

    await visit(page, '#/elections', 'a[href^="#/elections/"]');
    await expectNoEnglish(page, 'de', 'elections');
    await visit(page, `#/elections/${electionId}`, 'tr.warning');
    await expectNoEnglish(page, 'de', 'election');

    await visit(page, '#/analytics', 'form.filters');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.locator('#an-table').waitFor();
    await expectNoEnglish(page, 'de', 'analytics');
  });

  it('shows an admin the administration pages in German', async () => {
    const page = await browser.signIn(t.adminToken);
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await visit(page, '#/admin/organisations', 'a[href^="#/admin/organisations/"]');
    await expectNoEnglish(page, 'de', 'organisations');
    await visit(page, `#/admin/organisations/${as.videoshare.organisation.id}`, 'a[href*="/members/"]');
    await expectNoEnglish(page, 'de', 'organisation');
    const member = await page.locator('a[href*="/members/"]').first().getAttribute('href');
    await visit(page, member!, 'section[aria-label="Sitzungen"]');
    await expectNoEnglish(page, 'de', 'member');
    await visit(page, '#/admin/audit', 'p[role="status"]');
    await expectNoEnglish(page, 'de', 'admin audit');
  });

  it('switches to French with the switcher, and keeps French after a reload', async () => {
    const page = await browser.signIn(as.coordinator.token);
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await page.locator('#language').selectOption('fr');
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await waitFor(
      async () => (await as.coordinator.api.get('/me')).body.member.language,
      (language) => language === 'fr',
      { what: 'the choice kept at the hub' },
    );
    await visit(page, '#/', 'tr[data-incident]');
    await expectNoEnglish(page, 'fr', 'incidents');
    await visit(page, `#/incidents/${incidentId}`, 'td[data-platform="videoshare"][data-status]');
    await page.locator('.timeline li[data-type="containment.updated"]').waitFor();
    await expectNoEnglish(page, 'fr', 'incident room');

    await page.reload();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('crisis-hub.language'))).toBe(
      'fr',
    );
    await visit(page, '#/elections', 'a[href^="#/elections/"]');
    await expectNoEnglish(page, 'fr', 'elections after a reload');
    await screenshot(page, 'elections-fr');
  });

  it('keeps the browser’s choice on the sign-in page of a later visit', async () => {
    const page = await browser.signIn(as.be.token);
    await page.locator('#language').selectOption('pl');
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.getByRole('button', { name: 'Zaloguj się' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    await expectNoEnglish(page, 'pl', 'sign-in');
  });
});
