import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_OPTIONS } from '@hub/app';
import type { Page } from 'playwright-core';
import { ConsoleBrowser, screenshot, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * The console in a real browser against a real hub: people declare, share, acknowledge and drill through
 * the pages, each in a browser context of their own, and the others see it live.
 */
describe('the console in a browser', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'console' });
    as = await t.seed();
    browser = await ConsoleBrowser.open(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A browser context of its own (its own session storage), signed in with the member's token. */
  const signIn = (who: string): Promise<Page> => browser.signIn(as[who].token);

  let incidentId: string;
  let coordinator: Page;
  let liaison: Page;

  it('refuses a bad token in place', async () => {
    const page = await browser.page();
    await page.getByLabel('Access token').waitFor();
    expect(await page.locator('.boot').count()).toBe(0);
    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/token/i);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
  });

  it('lets a coordinator declare an incident, with the API’s validation shown in place', async () => {
    coordinator = await signIn('coordinator');
    await coordinator.getByRole('button', { name: 'Declare an incident' }).click();
    // Sent with no title: the hub's message appears next to the title.
    await coordinator.getByRole('button', { name: 'Declare', exact: true }).click();
    const titleError = coordinator.locator('#title-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/title/);
    await expect(coordinator.getByLabel('Title').getAttribute('aria-invalid')).resolves.toBe('true');

    await coordinator.getByLabel('Title').fill('Attack livestream spreading');
    await coordinator.getByLabel('Summary').fill('Copies of the attacker’s stream on several services.');
    await coordinator.getByLabel(/Belgian federal police/).check();
    await coordinator.getByLabel('VideoShare').check();
    await coordinator.getByLabel('ClipCast').check();
    await coordinator.getByRole('button', { name: 'Declare', exact: true }).click();
    await coordinator.waitForURL(/#\/incidents\/[0-9a-f-]{36}$/);
    incidentId = coordinator.url().split('/').pop()!;
    await coordinator.getByRole('heading', { name: 'Attack livestream spreading' }).waitFor();
    const stored = await as.coordinator.api.get(`/incidents/${incidentId}`);
    expect(stored.body).toMatchObject({
      status: 'active',
      level: 'crisis',
      platforms: ['videoshare', 'clipcast'],
    });
    expect(stored.body.participants).toContain(as.be.organisation.id);
  });

  it('shows an authority’s share live to the liaison, whose acknowledgement reaches the coordinator’s matrix', async () => {
    liaison = await signIn('videoshare');
    await liaison.getByRole('link', { name: 'My queue' }).click();
    await liaison.getByRole('heading', { name: /Queue of/ }).waitFor();
    await liaison.getByText(/Nothing waiting for videoshare/).waitFor();

    const authority = await signIn('be');
    await authority.goto(`${t.url}/#/incidents/${incidentId}`);
    await authority
      .getByRole('textbox', { name: 'URL' })
      .fill('https://VideoShare.example/v/attack-1?utm_source=x');
    await authority.getByLabel('Channel').selectOption('removal_order');
    await authority.getByRole('button', { name: 'Share', exact: true }).click();
    // A removal order without a legal reference is refused, in place.
    await authority.locator('#share-legal-error').waitFor();
    await authority.getByLabel(/Legal reference/).fill('TCO art. 3');
    await authority.getByRole('button', { name: 'Share', exact: true }).click();
    await authority.getByRole('status').filter({ hasText: 'Shared.' }).waitFor();
    const [item] = (await as.coordinator.api.get(`/incidents/${incidentId}/items`)).body.items;
    expect(item).toMatchObject({
      url: 'https://videoshare.example/v/attack-1',
      legalReference: 'TCO art. 3',
    });

    // The liaison's queue shows it without a reload, flagged as new.
    const row = liaison.locator(`tr[data-item="${item.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('new');
    await screenshot(liaison, 'liaison-queue');

    // The coordinator's matrix has the cell, pending or notified, counting down.
    const cell = coordinator.locator(`tr[data-item="${item.id}"] td[data-platform="videoshare"]`);
    await cell.waitFor();
    expect(await cell.getAttribute('data-status')).toMatch(/pending|notified/);
    expect(await cell.textContent()).toMatch(/ack \d+m/);

    // One key: the liaison acknowledges.
    await row.click();
    await liaison.keyboard.press('a');
    await waitFor(
      async () => (await as.coordinator.api.get(`/incidents/${incidentId}/items`)).body.items[0].containment,
      (cells: { platformKey: string; status: string }[]) =>
        cells.some((c) => c.platformKey === 'videoshare' && c.status === 'acknowledged'),
      { what: 'acknowledged cell stored' },
    );
    await coordinator
      .locator(`tr[data-item="${item.id}"] td[data-platform="videoshare"][data-status="acknowledged"]`)
      .waitFor();
    // A URL concerns its own platform only: ClipCast has no cell for it.
    expect(
      await coordinator.locator(`tr[data-item="${item.id}"] td[data-platform="clipcast"]`).textContent(),
    ).toBe('not concerned');
    await coordinator.locator('.timeline li[data-type="containment.updated"]').first().waitFor();
    await screenshot(coordinator, 'incident-room');
  });

  it('refuses, in place, a cell change the liaison may not make', async () => {
    const [item] = (await as.coordinator.api.get(`/incidents/${incidentId}/items`)).body.items;
    // Acknowledged cells cannot go back to acknowledged: the button is gone, and the queue offers outcomes.
    const row = liaison.locator(`tr[data-item="${item.id}"]`);
    await row.locator('button', { hasText: 'Removed' }).waitFor();
    expect(await row.locator('button', { hasText: 'Acknowledge' }).count()).toBe(0);
    // No action needs a reason: asked for, nothing sent.
    await row.locator('button', { hasText: 'No action' }).click();
    await liaison
      .getByRole('alert')
      .filter({ hasText: /reason is required/ })
      .waitFor();
    const cells = (await as.coordinator.api.get(`/incidents/${incidentId}/items`)).body.items[0].containment;
    expect(cells.find((c: { platformKey: string }) => c.platformKey === 'videoshare').status).toBe(
      'acknowledged',
    );
  });

  it('shows the report with its chart and downloads it', async () => {
    await coordinator.goto(`${t.url}/#/incidents/${incidentId}/report`);
    await coordinator.getByRole('heading', { name: /^Report:/ }).waitFor();
    await coordinator.locator('figure.chart svg[role="img"]').waitFor();
    const row = coordinator
      .locator('tr', { has: coordinator.locator('th', { hasText: 'videoshare' }) })
      .last();
    expect(await row.textContent()).toMatch(/videoshare1/);
    const [download] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-report\.csv$/);
  });

  it('shows platforms’ response times across incidents, refuses a bad filter in place, and downloads CSV', async () => {
    await coordinator.getByRole('link', { name: 'Analytics' }).click();
    await coordinator.getByRole('heading', { name: 'Response times' }).waitFor();
    await coordinator.getByLabel('From').fill('yesterday');
    await coordinator.getByRole('button', { name: 'Show' }).click();
    const fromError = coordinator.locator('#an-from-error');
    await fromError.waitFor();
    expect(await fromError.textContent()).toMatch(/from/);
    await coordinator.getByLabel('From').fill('');
    await coordinator.getByRole('button', { name: 'Show' }).click();
    const row = coordinator.locator('tr', { has: coordinator.locator('th', { hasText: 'videoshare' }) });
    await row.waitFor();
    await coordinator.locator('figure.chart svg[role="img"]').waitFor();
    const answer = await as.coordinator.api.get('/analytics/response-times');
    const videoshare = answer.body.platforms.find((p: any) => p.platformKey === 'videoshare');
    expect((await row.locator('td').first().textContent())?.trim()).toBe(String(videoshare.cells));
    const [download] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('response-times-live.csv');
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^platformKey,cells,replied,medianFirstReplyMinutes/);
    expect(csv.find((line) => line.startsWith('videoshare,'))).toMatch(
      new RegExp(`^videoshare,${videoshare.cells},${videoshare.replied},`),
    );
    // A liaison reads no analytics: no link.
    expect(await liaison.getByRole('link', { name: 'Analytics' }).count()).toBe(0);
  });

  it('downloads the incident’s items as a STIX bundle from the room, with the member’s token', async () => {
    await coordinator.goto(`${t.url}/#/incidents/${incidentId}`);
    const [download] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator
        .getByRole('group', { name: 'Export the items' })
        .getByRole('button', { name: 'STIX', exact: true })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.stix\.json$/);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'indicator', pattern: expect.stringContaining('attack-1') }),
      ]),
    );
    // A coordinator chooses whose statements of reasons; the liaison gets only its own platform's.
    expect(await coordinator.getByLabel('Platform of the statements').count()).toBe(1);
    await liaison.goto(`${t.url}/#/incidents/${incidentId}`);
    await liaison.getByRole('button', { name: 'Statements of reasons (videoshare)' }).waitFor();
  });

  it('keeps only the rows in view in the page, and brings the others as the matrix scrolls', async () => {
    const many = await as.coordinator.api.post('/incidents', {
      title: 'Many copies',
      summary: 'Re-uploads',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [as.be.organisation.id],
      platforms: ['videoshare'],
    });
    const items = Array.from({ length: 120 }, (_, i) => ({
      kind: 'url',
      url: `https://videoshare.example/v/copy-${i}`,
      channel: 'referral',
    }));
    expect((await as.be.api.post(`/incidents/${many.body.id}/items/bulk`, { items })).status).toBe(200);
    await coordinator.goto(`${t.url}/#/incidents/${many.body.id}`);
    const table = coordinator.locator('table.matrix[aria-rowcount="121"]');
    await table.waitFor();
    const rendered = await coordinator.locator('table.matrix tbody tr[data-item]').count();
    expect(rendered).toBeLessThan(120);
    expect(await coordinator.locator('.tallies li[data-platform="videoshare"]').textContent()).toMatch(
      /\d+ pending/,
    );
    await coordinator.locator('.matrix-wrap').evaluate((el: any) => (el.scrollTop = el.scrollHeight));
    await coordinator.locator('table.matrix tbody tr[aria-rowindex="121"]').waitFor();
    expect(await coordinator.locator('table.matrix tbody tr[aria-rowindex="121"] th').textContent()).toMatch(
      /copy-\d+/,
    );
    // The first rows have left the page.
    expect(await coordinator.locator('table.matrix tbody tr[aria-rowindex="2"]').count()).toBe(0);
  });

  it('lets an authority notify a possible crisis for assessment, and shows an observer no controls', async () => {
    const authority = await signIn('fr');
    await authority.getByRole('button', { name: 'Notify a possible crisis' }).click();
    await authority.getByLabel('Title').fill('Hoax about polling stations');
    await authority.getByLabel('Summary').fill('Posts claim ballots marked in pen are void.');
    await authority.getByLabel('Category').selectOption('election_integrity');
    await authority.getByLabel('SocialNet').check();
    await authority.getByRole('button', { name: 'Notify', exact: true }).click();
    await authority.waitForURL(/#\/incidents\/[0-9a-f-]{36}$/);
    const notified = authority.url().split('/').pop()!;
    await authority.locator('.badge.status-assessing').waitFor();
    expect((await as.coordinator.api.get(`/incidents/${notified}`)).body).toMatchObject({
      status: 'assessing',
      category: 'election_integrity',
    });
    // Lifecycle actions are the coordinator's alone: an authority has none.
    expect(await authority.getByRole('button', { name: 'Activate' }).count()).toBe(0);

    const observer = await signIn('observer');
    await observer.goto(`${t.url}/#/incidents/${incidentId}`);
    await observer.getByRole('heading', { name: 'Attack livestream spreading' }).waitFor();
    await observer.locator('table.matrix tbody tr[data-item]').first().waitFor();
    expect(await observer.getByRole('form', { name: 'Share' }).count()).toBe(0);
    expect(await observer.getByRole('form', { name: 'Post a message' }).count()).toBe(0);
    expect(await observer.getByRole('button', { name: 'Stand down' }).count()).toBe(0);
  });

  it('starts an exercise from the console and pauses it', async () => {
    await coordinator.getByRole('link', { name: 'Exercises' }).click();
    const scenario = readFileSync(join(process.cwd(), 'scenarios', 'livestream-attack.yaml'), 'utf8');
    await coordinator.getByLabel('…or paste it').fill(scenario);
    await coordinator.getByRole('button', { name: 'Upload' }).click();
    await waitFor(
      async () => (await as.coordinator.api.get('/scenarios')).body.items.length,
      (n: number) => n === 1,
      { what: 'scenario stored' },
    );
    await coordinator.getByLabel(/Speed/).fill('10');
    await coordinator.getByRole('button', { name: 'Start' }).click();
    await coordinator.waitForURL(/#\/exercises\/[0-9a-f-]{36}$/);
    const runId = coordinator.url().split('/').pop()!;
    await coordinator.locator('[data-status="running"]').waitFor();
    await coordinator.getByRole('button', { name: 'Pause' }).click();
    await coordinator.locator('[data-status="paused"]').waitFor();
    expect((await as.coordinator.api.get(`/exercises/${runId}`)).body.status).toBe('paused');
    await coordinator.getByRole('heading', { name: 'Injects' }).waitFor();
    await coordinator.locator('.timeline-list li').first().waitFor();
    await screenshot(coordinator, 'exercise');
    await coordinator.getByRole('button', { name: 'Resume' }).click();
    await coordinator.locator('[data-status="running"]').waitFor();
    await coordinator.getByRole('button', { name: 'Abort' }).click();
    await coordinator.locator('[data-status="aborted"]').waitFor();
  });

  it('signs out and forgets the token', async () => {
    await coordinator.getByRole('button', { name: 'Sign out' }).click();
    await coordinator.getByLabel('Access token').waitFor();
    expect(
      await coordinator.evaluate(() => (globalThis as any).sessionStorage.getItem('crisis-hub.token')),
    ).toBeNull();
  });
});
