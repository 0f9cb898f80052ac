import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, SmtpInbox, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

const SUPPORTED = 'en, fr, de, nl, it, es, pl';

/** The receipt links of a mail's text, as paths on the test hub (the mail names HUB_PUBLIC_URL's host). */
const linksOf = (text: string): string[] =>
  [...text.matchAll(/https?:\/\/[^\s]+\/r\/([A-Za-z0-9_.-]+)/g)].map((m) => `/r/${m[1]}`);

describe('languages: who reads which language', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'languages',
      env: {
        SMTP_URL: inbox.url,
        HUB_MAIL_FROM: 'Crisis hub <hub@hub.example>',
        HUB_PUBLIC_URL: 'https://hub.example',
        HUB_MAIL_BATCH_SECONDS: '0.3',
      },
    });
    as = await t.seed();
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  describe("a member's language", () => {
    it('is set by PATCH /me and shown by GET /me', async () => {
      const before = await as.be.api.get('/me');
      expect(before.body.member.language).toBeUndefined();
      const set = await as.be.api.patch('/me', { language: 'de' });
      expect(set.status).toBe(200);
      expect(set.body.member).toMatchObject({ id: before.body.member.id, language: 'de' });
      expect(set.body.organisation.id).toBe(before.body.organisation.id);
      expect((await as.be.api.get('/me')).body.member.language).toBe('de');
      const { rows } = await t.sql.query('SELECT language FROM members WHERE id = $1', [
        before.body.member.id,
      ]);
      expect(rows).toEqual([{ language: 'de' }]);
    });

    it('refuses an unknown code or another field with a 400 naming the supported ones, and keeps the choice', async () => {
      for (const body of [{ language: 'pt' }, { language: 'DE' }, { language: 7 }, {}]) {
        const res = await as.be.api.patch('/me', body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.message).toContain(`language must be one of ${SUPPORTED}`);
      }
      expect((await as.be.api.patch('/me', { language: 'fr', role: 'admin' })).status).toBe(400);
      expect((await as.be.api.get('/me')).body.member).toMatchObject({ language: 'de', role: 'authority' });
    });
  });

  describe("errors in the request's language", () => {
    const missing = '/incidents/00000000-0000-4000-8000-000000000000';

    it('keeps the code and the English message, and adds a localizedMessage for Accept-Language', async () => {
      const plain = await as.be.api.get(missing);
      expect(plain.status).toBe(404);
      expect(plain.body.localizedMessage).toBeUndefined();
      const french = await as.be.api.request('GET', missing, undefined, {
        'accept-language': 'fr-BE, fr;q=0.9, en;q=0.5',
      });
      expect(french.status).toBe(404);
      expect(french.body).toMatchObject({ code: 'NOT_FOUND', message: plain.body.message });
      expect(french.body.localizedMessage).toBe('L’objet demandé est introuvable.');
      const unknown = await as.be.api.request('GET', missing, undefined, { 'accept-language': 'pt-BR' });
      expect(unknown.body.localizedMessage).toBeUndefined();
    });

    it('names the field of a validation error, and words the common refusals', async () => {
      const bad = await as.coordinator.api.request(
        'POST',
        '/incidents',
        { title: 'x', summary: 's', category: 'nonsense', level: 'crisis', participants: [] },
        { 'accept-language': 'de' },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.localizedMessage).toMatch(/^Die Anfrage ist ungültig: Prüfen Sie das Feld „\w+“\.$/);
      const forbidden = await as.observer.api.request(
        'POST',
        '/incidents',
        { title: 'x', summary: 's', category: 'other', level: 'crisis', participants: [] },
        { 'accept-language': 'pl' },
      );
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.localizedMessage).toBe('Nie masz uprawnień do wykonania tej czynności.');
    });
  });

  describe('e-mails and receipt pages', () => {
    const contactsOf = () => `/organisations/${as.videoshare.organisation.id}/contacts`;

    it("refuses a contact's language the hub does not have, naming the supported ones", async () => {
      const res = await t.admin.post(contactsOf(), {
        name: 'Lisbon desk',
        email: 'lisbon@videoshare.example',
        tier: 1,
        languages: ['pt'],
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`languages must be one of ${SUPPORTED}`);
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM contacts`);
      expect(rows[0].n).toBe(0);
    });

    it('mails each contact in its first language the hub has; the receipt page follows the e-mail', async () => {
      const add = (body: Record<string, unknown>) => t.admin.post(contactsOf(), { tier: 1, ...body });
      expect(
        (await add({ name: 'Desk Paris', email: 'paris@videoshare.example', languages: ['fr'] })).status,
      ).toBe(201);
      expect(
        (await add({ name: 'Desk Berlin', email: 'berlin@videoshare.example', languages: ['de', 'en'] }))
          .status,
      ).toBe(201);
      const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: 'https://videoshare.example/v/langue',
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
      });
      expect(shared.status).toBe(201);
      const about = (address: string) =>
        inbox.to(address).filter((m) => m.mail.subject?.includes(incident.ref));
      const [french] = await waitFor(
        () => about('paris@videoshare.example'),
        (m) => m.length === 1,
        { what: 'the French e-mail' },
      );
      const [german] = await waitFor(
        () => about('berlin@videoshare.example'),
        (m) => m.length === 1,
        { what: 'the German e-mail' },
      );
      expect(french.mail.subject).toBe(
        `[${incident.ref}] De nouveaux éléments requièrent votre attention sur videoshare : 1 élément`,
      );
      expect(french.mail.text).toContain('Bonjour Desk Paris,');
      expect(french.mail.text).toContain('(injonction de retrait, TCO art. 3)');
      expect(french.mail.html).toContain('<html lang="fr">');
      expect(french.mail.html).toContain('Accuser réception avant le');
      expect(german.mail.subject).toContain('Neue Elemente erfordern Ihre Aufmerksamkeit auf videoshare');
      expect(german.mail.text).toContain('(Entfernungsanordnung, TCO art. 3)');

      const [cellLink] = linksOf(french.mail.text!);
      const page = await fetch(`${t.url}${cellLink}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('Accuser réception avant le');
      expect(html).toContain('accuser réception</button>');
      expect(html).toContain(`href="${cellLink}?lang=pl"`);
      expect(html).not.toMatch(/Acknowledge by|Channel</);

      const polish = await (await fetch(`${t.url}${cellLink}?lang=pl`)).text();
      expect(polish).toContain('<html lang="pl">');
      expect(polish).toContain('Potwierdzić odbiór do');

      const answered = await fetch(`${t.url}${cellLink}?lang=fr`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=acknowledged',
      });
      expect(answered.status).toBe(200);
      expect(await answered.text()).toContain('Enregistré : réception accusée. Merci.');
      const { rows } = await t.sql.query(
        `SELECT status FROM containment_cells WHERE item_id = $1 AND platform_key = 'videoshare'`,
        [shared.body.item.id],
      );
      expect(rows).toEqual([{ status: 'acknowledged' }]);

      const batchLink = linksOf(german.mail.text!).at(-1)!;
      const batchPage = await (await fetch(`${t.url}${batchLink}`)).text();
      expect(batchPage).toContain('<html lang="de">');
      expect(batchPage).toContain('videoshare: 1 Element');
    });

    it('refuses a damaged link in the language asked', async () => {
      const res = await fetch(`${t.url}/r/not-a-token?lang=it`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Questo link è danneggiato o è stato modificato');
    });
  });

  describe('reports in ?lang=', () => {
    it('writes the headings and fixed phrases of a report in Polish, keeping what people typed', async () => {
      const incident = await declareIncident(as, {
        participants: ['be', 'videoshare'],
        title: 'Atak na żywo',
      });
      const res = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=md&lang=pl`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-language')).toBe('pl');
      expect(res.body).toContain(`# Raport poincydentalny: ${incident.ref}: Atak na żywo`);
      expect(res.body).toContain('## Powstrzymywanie według platform');
      expect(res.body).toContain('Termin potwierdzenia odbioru na tym poziomie');
      expect(res.body).not.toContain('After-action report');
      const html = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=html&lang=de`);
      expect(html.body).toContain('<html lang="de">');
      expect(html.body).toContain('Nachbereitungsbericht');
    });

    it('refuses an unknown code with a 400 naming the supported ones', async () => {
      const incident = await declareIncident(as, { participants: ['be'] });
      const res = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=md&lang=xx`);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`lang must be one of ${SUPPORTED}`);
    });
  });
});
