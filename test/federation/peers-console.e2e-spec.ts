import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { ConsoleBrowser, connectHubs, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * The peer hubs in a real browser: an admin sees a connected peer in contact, and one that cannot be
 * reached failing with its error; a coordinator declares an incident for the connected hubs, and the peer's
 * room says where its mirror came from.
 */
describe('peer hubs in the console', () => {
  let a: TestHub;
  let b: TestHub;
  let asA: Cast;
  let asB: Cast;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    const env = (name: string) => ({ HUB_NAME: name, HUB_FEDERATION_PULL_SECONDS: '1' });
    a = await startTestHub(HUB_OPTIONS, { label: 'peersui_a', env: env('hub-a') });
    b = await startTestHub(HUB_OPTIONS, { label: 'peersui_b', env: env('hub-b') });
    [asA, asB] = await Promise.all([a.seed(), b.seed()]);
    await connectHubs(
      { name: 'hub-a', url: a.url, admin: a.admin },
      { name: 'hub-b', url: b.url, admin: b.admin },
    );
    browser = await ConsoleBrowser.open(a.url);
  });
  afterAll(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
  });

  it('shows each peer’s state, adds one that fails, and declares for the connected hubs', async () => {
    const admin = await browser.signIn(a.adminToken);
    await admin.getByRole('link', { name: 'Peer hubs' }).click();
    await admin.getByRole('cell', { name: /^hub-b http:/ }).waitFor();
    await admin.getByText('in contact').waitFor({ timeout: 20_000 });

    // A peer whose address answers nothing: refused at once for a bad name, then failing with its error.
    await admin.getByRole('button', { name: 'Connect' }).click();
    await admin.locator('#peer-name-error').waitFor();
    const org = await a.admin.post('/organisations', { name: 'Hub down', kind: 'hub' });
    expect(org.status).toBe(201);
    await admin.reload();
    await admin.getByLabel('Name', { exact: true }).first().fill('hub-down');
    await admin.getByLabel('Address').fill('http://127.0.0.1:9');
    await admin.getByLabel('Token it issued to this hub').fill('a-token-that-reaches-nothing');
    await admin.getByLabel('Organisation standing for it (kind hub)').selectOption({ label: 'Hub down' });
    await admin.getByRole('button', { name: 'Connect' }).click();
    // Its row, by the cell of its name and address (its error, once recorded, names it too).
    await admin.getByRole('cell', { name: /^hub-down http:/ }).waitFor();
    await waitFor(
      async () => (await a.admin.get('/peers')).body.items.find((p: any) => p.name === 'hub-down')?.state,
      (state) => state === 'failing',
      { what: 'hub-down failing', timeoutMs: 20_000 },
    );
    await admin.reload();
    await admin.getByText('failing').waitFor();

    const coordinator = await browser.signIn(asA.coordinator.token);
    await coordinator.getByRole('button', { name: 'Declare an incident' }).click();
    await coordinator.getByLabel('Title').fill('Shared with the connected hubs 8841');
    await coordinator.getByLabel('Summary').fill('Copies spreading across borders.');
    await coordinator.getByLabel('Shared with peer hubs').selectOption('connected');
    await coordinator.getByRole('button', { name: 'Declare' }).click();
    await coordinator.getByText('Shared with: directly connected hubs').waitFor();
    const mirror = (await waitFor(
      async () =>
        (
          await b.sql.query(
            `SELECT id, origin_ref FROM incidents WHERE title = 'Shared with the connected hubs 8841'`,
          )
        ).rows[0] as { id: string; origin_ref: string } | undefined,
      Boolean,
      { what: 'the mirror on hub-b' },
    ))!;
    const onB = await ConsoleBrowser.open(b.url);
    try {
      const coordinatorB = await onB.signIn(asB.coordinator.token);
      await coordinatorB.goto(`${b.url}/#/incidents/${mirror.id}`);
      await coordinatorB.getByText(`Mirrored from hub-a (${mirror.origin_ref})`, { exact: false }).waitFor();
    } finally {
      await onB.close();
    }
  });
});
