import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { ConsoleBrowser, startTestHub, waitFor, type TestHub } from '@hub/testing';

const DAY = 86_400_000;

/** An election's warnings in a real browser: one party's warning arrives live at another, which acknowledges. */
describe('election warnings in the console', () => {
  let t: TestHub;
  let browser: ConsoleBrowser;
  const parties: { id: string; token: string }[] = [];
  let electionId: string;

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'warningsui' });
    for (const name of ['Green party', 'Blue party']) {
      const org = await t.admin.post('/organisations', { name, kind: 'party' });
      const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
        displayName: `${name} desk`,
        role: 'flagger',
      });
      parties.push({ id: org.body.id, token: member.body.token });
    }
    const coordinatorOrg = await t.admin.post('/organisations', {
      name: 'Coordination',
      kind: 'coordinator',
    });
    const coordinator = await t.admin.post(`/organisations/${coordinatorOrg.body.id}/members`, {
      displayName: 'Duty coordinator',
      role: 'coordinator',
    });
    const now = Date.now();
    const election = await t.client(coordinator.body.token).post('/elections', {
      name: 'Municipal elections',
      votingDays: [new Date(now + DAY).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + 5 * DAY).toISOString(),
      participants: parties.map((p) => p.id),
      platforms: [],
    });
    electionId = election.body.id;
    browser = await ConsoleBrowser.open(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a warning as it arrives, and acknowledges it', async () => {
    const [green, blue] = parties;
    const receiver = await browser.signIn(blue.token);
    await receiver.getByRole('link', { name: 'Elections' }).click();
    await receiver.getByRole('link', { name: 'Municipal elections' }).click();
    await receiver.getByText('No warning yet.').waitFor();

    const issuer = await browser.signIn(green.token);
    await issuer.goto(`${t.url}/#/elections/${electionId}`);
    await issuer.getByLabel('Title').fill('Forged ballot instructions');
    await issuer.getByLabel('What is happening').fill('Leaflets say a second cross doubles the vote.');
    await issuer.getByLabel('Severity').selectOption('urgent');
    await issuer.getByRole('button', { name: 'Send the warning' }).click();
    await issuer.getByRole('cell', { name: 'Blue party' }).waitFor();

    // Live, with no reload: the receiving organisation's socket hears it.
    await receiver.getByText('Forged ballot instructions').waitFor();
    await receiver.getByRole('button', { name: 'Acknowledge' }).click();
    await waitFor(
      async () => (await t.client(green.token).get(`/elections/${electionId}/warnings`)).body.items[0],
      (w) => w.pending.length === 0 && w.acknowledgements[0]?.organisationId === blue.id,
      { what: 'the acknowledgement stored' },
    );
    await receiver.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
    // The issuer's page hears the acknowledgement and shows nobody left to wait for.
    await issuer.getByRole('cell', { name: 'nobody' }).waitFor();
  });
});
