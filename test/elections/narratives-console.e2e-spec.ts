import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import type { Page } from 'playwright-core';
import {
  ConsoleBrowser,
  declareIncident,
  startTestHub,
  waitFor,
  type Cast,
  type TestHub,
} from '@hub/testing';

/**
 * The console's share form shares a narrative with DISARM techniques, and a coordinator records, from the
 * room, an answer a platform gave by phone: the cell's history shows how it came. Needs `npm run build`.
 */
describe('narratives and recorded answers in the console', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;
  let incident: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'narratives-console' });
    as = await t.seed();
    incident = await declareIncident(as, { participants: ['be', 'videoshare', 'clipcast'] });
    browser = await ConsoleBrowser.open(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const items = async () => (await as.coordinator.api.get(`/incidents/${incident.id}/items`)).body.items;

  it('shares a narrative with techniques picked from the hub’s list', async () => {
    const authority: Page = await browser.signIn(as.be.token);
    await authority.goto(`${t.url}/#/incidents/${incident.id}`);
    await authority.getByLabel('narrative').check();
    // Without a title, the hub's message shows next to the field.
    await authority.getByRole('button', { name: 'Share', exact: true }).click();
    await authority.locator('#share-narrative-title-error').waitFor();
    await authority.getByLabel('Claim or trend').fill('Marking two boxes counts double');
    await authority.getByLabel(/Keywords/).fill('ballot, double vote');
    await authority.getByLabel(/Languages/).fill('fr');
    await authority
      .getByLabel(/Example URLs/)
      .fill('https://videoshare.example/v/forged\nhttps://clipcast.example/c/1');
    await authority.getByLabel('Filter').fill('conspiracy theory');
    await authority.locator('#share-techniques option[value="T0022.001"]').waitFor();
    await authority.getByLabel('Techniques').selectOption(['T0022', 'T0022.001']);
    await authority.getByRole('button', { name: 'Share', exact: true }).click();
    await authority.getByRole('status').filter({ hasText: 'Shared.' }).waitFor();
    const [item] = await items();
    expect(item).toMatchObject({
      kind: 'narrative',
      narrative: {
        title: 'Marking two boxes counts double',
        keywords: ['ballot', 'double vote'],
        languages: ['fr'],
        examples: ['https://videoshare.example/v/forged', 'https://clipcast.example/c/1'],
      },
      techniques: ['T0022', 'T0022.001'],
    });
    expect(item.containment.map((c: any) => c.platformKey).sort()).toEqual(['clipcast', 'videoshare']);
  });

  it('lets a coordinator record a demotion told by phone, and shows it in the cell’s history', async () => {
    const [item] = await items();
    const coordinator = await browser.signIn(as.coordinator.token);
    await coordinator.goto(`${t.url}/#/incidents/${incident.id}`);
    await coordinator.locator(`tr[data-item="${item.id}"] td[data-platform="clipcast"]`).click();
    // The cell's item: the claim's details and its techniques.
    await coordinator.getByText('DISARM techniques: T0022, T0022.001').waitFor();
    await coordinator
      .getByRole('list', { name: 'Example URLs' })
      .getByText('https://clipcast.example/c/1')
      .waitFor();
    await coordinator.getByLabel('How the platform answered').selectOption('phone');
    await coordinator.getByLabel(/Reported by/).fill('ClipCast elections desk');
    await coordinator.getByRole('button', { name: 'Demoted', exact: true }).click();
    await waitFor(
      async () => (await items())[0].containment.find((c: any) => c.platformKey === 'clipcast').status,
      (status) => status === 'demoted',
      { what: 'the demoted cell stored' },
    );
    await coordinator
      .locator('.cell-history li')
      .filter({ hasText: 'answered by phone, reported by ClipCast elections desk' })
      .waitFor();
  });
});
