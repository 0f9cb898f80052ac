import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { ConsoleBrowser, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** The contacts page in a real browser: an admin manages a platform's contact points, its liaison reads them. */
describe('contact points in the console', () => {
  let t: TestHub;
  let as: Cast;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'contactsui' });
    as = await t.seed();
    browser = await ConsoleBrowser.open(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets an admin add and remove a platform’s contacts, with the hub’s refusal shown in place', async () => {
    const admin = await browser.signIn(t.adminToken);
    await admin.getByRole('link', { name: 'Contacts' }).click();
    await admin.getByLabel('Organisation').selectOption({ label: 'VideoShare (platform)' });
    await admin.getByLabel('Name').fill('Duty desk');
    await admin.getByLabel('E-mail').fill('not-an-address');
    await admin.getByRole('button', { name: 'Add' }).click();
    await admin.locator('#contact-email-error').waitFor();
    expect(await admin.locator('#contact-email-error').textContent()).toMatch(/e-mail/);
    await admin.getByLabel('E-mail').fill('desk@videoshare.example');
    await admin.getByLabel('Tier').selectOption('2');
    await admin.getByLabel('Languages').fill('en, fr');
    await admin.getByRole('button', { name: 'Add' }).click();
    await admin.getByRole('cell', { name: 'desk@videoshare.example' }).waitFor();
    const stored = await t.admin.get(`/organisations/${as.videoshare.organisation.id}/contacts`);
    expect(stored.body.items).toMatchObject([
      { name: 'Duty desk', tier: 2, languages: ['en', 'fr'], exercise: false },
    ]);

    const liaison = await browser.signIn(as.videoshare.token);
    await liaison.getByRole('link', { name: 'Contacts' }).click();
    await liaison.getByRole('cell', { name: 'desk@videoshare.example' }).waitFor();
    expect(await liaison.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await liaison.getByRole('form', { name: 'Add a contact point' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Remove' }).click();
    await admin.getByText('No contact points yet.').waitFor();
    await waitFor(
      async () => (await t.admin.get(`/organisations/${as.videoshare.organisation.id}/contacts`)).body.items,
      (items) => items.length === 0,
      { what: 'the contact removed' },
    );
  });
});
