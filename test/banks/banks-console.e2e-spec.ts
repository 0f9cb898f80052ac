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

/**
 * The console's banks page in a real browser: a coordinator creates a bank and imports a file into it; a
 * share that hits the bank is marked in the room and the queue, and listed among the bank's latest hits.
 */
describe('the banks page of the console', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;
  let page: Page;
  let incident: any;
  let hit: any;

  /** The item's bank hits, once the worker has looked it up. */
  const bankHitsOf = (itemId: string) =>
    waitFor(
      async () => (await as.be.api.get(`/incidents/${incident.id}/events?limit=500`)).body.items,
      (events: any[]) => events.some((e) => e.type === 'item.bank_matched' && e.data.itemId === itemId),
      { what: `the bank hit of ${itemId}` },
    );

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
    // The card's count follows once the page has read the bank again after the import.
    await card.locator('.signal-count').filter({ hasText: /^5$/ }).waitFor();
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
    incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'hash',
      hash: { algorithm: 'md5', value: 'ca0df2c95aa144c1d0ff2ff3c8f967fd' },
      channel: 'alert',
    });
    expect(shared.status).toBe(201);
    hit = shared.body.item;
    await bankHitsOf(hit.id);
    await page.goto(`${t.url}/#/incidents/${incident.id}`);
    const badge = page.locator(`tr[data-item="${hit.id}"] .bank-hit`);
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toBe('Found in the hash bank Known attack content');
    await page
      .getByText(/is in the hash bank Known attack content/)
      .first()
      .waitFor();
    await screenshot(page, 'banks-room-badge');
  }, 60_000);

  it('lists the hit among the bank’s latest hits, to those who see its incident only', async () => {
    await page.getByRole('link', { name: 'Hash banks' }).click();
    const hits = page.getByRole('region', { name: 'Latest hits of Known attack content' });
    const row = hits.locator(`tr[data-item="${hit.id}"]`);
    await row.waitFor();
    expect(await hits.locator('tbody tr').count()).toBe(1);
    const link = row.getByRole('link');
    expect(await link.textContent()).toBe(incident.ref);
    expect(await link.getAttribute('href')).toBe(`#/incidents/${incident.id}`);
    expect(await row.locator('.signal').textContent()).toMatch(/^md5/);
    expect(await row.locator('.distance').textContent()).toBe('0');
    await screenshot(page, 'banks-latest-hits');

    // fr sees the bank (every member does) but not the incident: the hit is not shown.
    const fr = await browser.signIn(as.fr.token, { width: 1280, height: 900 });
    await fr.getByRole('link', { name: 'Hash banks' }).click();
    const frHits = fr.getByRole('region', { name: 'Latest hits of Known attack content' });
    await frHits.getByText('No hit in the incidents you see.').waitFor();
    expect(await frHits.locator('tbody tr').count()).toBe(0);
    expect(await fr.locator(`[data-item="${hit.id}"]`).count()).toBe(0);
    expect(await fr.content()).not.toContain(incident.id);
  }, 60_000);

  it('marks items found in a bank in the liaison’s queue, those in the log and those found live', async () => {
    const plain = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/watch?v=in-no-bank',
      channel: 'alert',
    });
    expect(plain.status).toBe(201);
    const liaison = await browser.signIn(as.videoshare.token, { width: 1280, height: 900 });
    await liaison.goto(`${t.url}/#/queue`);
    const badge = liaison.locator(`tr[data-item="${hit.id}"] .bank-hit`);
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toBe('Found in the hash bank Known attack content');
    const plainRow = liaison.locator(`tr[data-item="${plain.body.item.id}"]`);
    await plainRow.waitFor();
    expect(await plainRow.locator('.bank-hit').count()).toBe(0);

    // Shared while the queue is open: the row comes, then its badge when the worker finds it in the bank.
    const live = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'hash',
      hash: {
        algorithm: 'sha256',
        value: 'e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322be20edc45cc',
      },
      channel: 'alert',
    });
    expect(live.status).toBe(201);
    await liaison.locator(`tr[data-item="${live.body.item.id}"] .bank-hit`).waitFor();
    await bankHitsOf(live.body.item.id);
    expect(await liaison.locator('tr[data-item] .bank-hit').count()).toBe(2);
    await screenshot(liaison, 'banks-queue-badge');
  }, 60_000);
  it('shows negative banks, each bank’s agreement rate, and quarantined signals an admin releases', async () => {
    const benign = await as.coordinator.api.post('/banks', {
      name: 'Agency photos',
      visibility: 'members',
      negative: true,
    });
    expect(benign.status).toBe(201);
    const flooded = (await as.coordinator.api.post('/banks', { name: 'Flooded', visibility: 'members' }))
      .body;
    await as.coordinator.api.post(`/banks/${flooded.id}/signals`, {
      signals: [{ algorithm: 'md5', value: '0cc175b9c0f1b6a831c399e269772661', label: 'generic logo' }],
    });
    const [signal] = (await as.coordinator.api.get(`/banks/${flooded.id}/signals`)).body.items;
    const agreed = await as.coordinator.api.post(`/banks/${flooded.id}/signals/${signal.id}/feedback`, {
      verdict: 'agree',
    });
    expect(agreed.status).toBe(200);
    // Arranged behind the API: fifty shares would quarantine it as well, only slower.
    await t.sql.query(`UPDATE bank_signals SET quarantined_at = now() WHERE id = $1`, [signal.id]);

    await page.getByRole('link', { name: 'Hash banks' }).click();
    await page.reload();
    const benignCard = page.getByRole('region', { name: 'Bank Agency photos' });
    await benignCard.locator('.badge.bank-negative').waitFor();
    const card = page.getByRole('region', { name: 'Bank Flooded' });
    await card.locator('.agreement').filter({ hasText: '100% agreement (1 agree, 0 disagree)' }).waitFor();
    const quarantined = card.getByRole('region', { name: 'Quarantined signals of Flooded' });
    await quarantined.getByText(/generic logo/).waitFor();
    // A coordinator sees the quarantine; only an admin releases or removes.
    expect(await quarantined.getByRole('button', { name: 'Release' }).count()).toBe(0);

    const admin = await browser.signIn(t.adminToken, { width: 1280, height: 900 });
    await admin.getByRole('link', { name: 'Hash banks' }).click();
    const adminCard = admin.getByRole('region', { name: 'Bank Flooded' });
    await adminCard.getByRole('button', { name: 'Release' }).click();
    await adminCard
      .getByRole('region', { name: 'Quarantined signals of Flooded' })
      .waitFor({ state: 'detached' });
    await screenshot(admin, 'banks-quarantine-released');
    const after = (await as.coordinator.api.get(`/banks/${flooded.id}/signals`)).body.items[0];
    expect(after).toMatchObject({ id: signal.id, state: 'active' });
  }, 60_000);
});
