import 'reflect-metadata';
import { join } from 'node:path';
import { HUB_OPTIONS } from '@hub/app';
import type { Page } from 'playwright-core';
import {
  declareIncident,
  ConsoleBrowser,
  screenshot,
  startTestHub,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';

/** The console's banks page in a real browser: a coordinator creates a bank and imports a file into it. */
describe('the banks page of the console', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'bankconsole' });
    as = await t.seed();
    browser = await ConsoleBrowser.open(t.url);
    page = await browser.signIn(as.coordinator.token, { width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a bank, imports a ThreatExchange file and shows the counts and the rejected lines', async () => {
    await page.getByRole('link', { name: 'Hash banks' }).click();
    await page.getByRole('heading', { name: 'Hash banks', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Known attack content');
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.getByRole('region', { name: 'Bank Known attack content' });
    await card.waitFor();
    expect(await card.locator('.signal-count').textContent()).toBe('0');

    await card.getByLabel(/Import a file/).setInputFiles(join(__dirname, 'fixtures', 'signals.te.txt'));
    const result = card.getByRole('status');
    await result.waitFor();
    expect(await result.textContent()).toBe('11 read, 5 added, 1 duplicates, 2 rejected');
    expect(await card.locator('.signal-count').textContent()).toBe('5');
    const rejected = await card.locator('ul.rejected li').allTextContents();
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^line 8 /);
    expect(rejected[1]).toMatch(/^line 10 .*md5/);
    await card.getByText(/latest import/).waitFor();
    expect(await card.locator('.badge.import-completed').count()).toBe(1);
    await screenshot(page, 'banks-page');
    const stored = await as.coordinator.api.get('/banks');
    expect(stored.body.items[0]).toMatchObject({ name: 'Known attack content', signalCount: 5 });
  }, 60_000);

  it('marks an item found in a bank in the room’s matrix, and names the bank in the timeline', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'hash',
      hash: { algorithm: 'md5', value: 'ca0df2c95aa144c1d0ff2ff3c8f967fd' },
      channel: 'alert',
    });
    expect(shared.status).toBe(201);
    await waitFor(
      async () => (await as.be.api.get(`/incidents/${incident.id}/events`)).body.items,
      (events: any[]) => events.some((e) => e.type === 'item.bank_matched'),
      { what: 'the bank hit' },
    );
    await page.goto(`${t.url}/#/incidents/${incident.id}`);
    const badge = page.locator(`tr[data-item="${shared.body.item.id}"] .bank-hit`);
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toBe('Found in the hash bank Known attack content');
    await page
      .getByText(/is in the hash bank Known attack content/)
      .first()
      .waitFor();
    await screenshot(page, 'banks-room-badge');
  }, 60_000);
});
