import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

/** Recognisable strings planted in shares, names and texts: none may reach a published summary. */
const PLANTED = {
  url: 'https://videoshare.example/v/planted-public-7731',
  hash: pdqHash(),
  sha256: 'ab'.repeat(32),
  handle: 'planted_handle_7731',
  uploader: 'planted-uploader-7731',
  legalReference: 'Order BE-PLANTED-7731',
  title: 'Planted title 7731',
  closing: 'Planted closing summary 7731',
  reason: 'Planted reason 7731',
};

describe('the public transparency summary', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  const get = (format: string, by = 'coordinator') =>
    as[by].api.get(`/incidents/${incident.id}/report?format=${format}`);

  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'public-summary' });
    as = await t.seed();
    incident = await declareIncident(as, {
      participants: ['be', 'fr', 'videoshare', 'clipcast'],
      title: PLANTED.title,
    });
    const share = async (by: string, body: object) =>
      (await as[by].api.post(`/incidents/${incident.id}/items`, body)).body.item;
    const order = await share('be', {
      kind: 'url',
      url: PLANTED.url,
      channel: 'removal_order',
      legalReference: PLANTED.legalReference,
      metadata: { contentType: 'video', uploaderHandle: PLANTED.uploader },
    });
    await share('fr', {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: PLANTED.hash, quality: 90 },
      channel: 'alert',
    });
    await share('fr', {
      kind: 'hash',
      hash: { algorithm: 'sha256', value: PLANTED.sha256 },
      channel: 'referral',
    });
    await share('be', {
      kind: 'account',
      account: { platformKey: 'clipcast', handle: PLANTED.handle },
      channel: 'referral',
    });
    const cell = (platformKey: string, status: string, reason?: string) =>
      as[platformKey].api.post(`/incidents/${incident.id}/items/${order.id}/containment/${platformKey}`, {
        status,
        reason,
      });
    expect((await cell('videoshare', 'acknowledged')).status).toBe(200);
    expect((await cell('videoshare', 'removed', PLANTED.reason)).status).toBe(200);
    await as.be.api.post(`/incidents/${incident.id}/messages`, { text: 'planted message 7731' });
  });
  afterAll(() => t?.close());

  it('is refused while the incident is open', async () => {
    const res = await get('public');
    expect(res.status).toBe(409);
  });

  describe('once closed', () => {
    beforeAll(async () => {
      const act = (action: string, body: object) =>
        as.coordinator.api.post(`/incidents/${incident.id}/${action}`, body);
      expect((await act('stand-down', { rationale: 'volume dropped' })).status).toBe(200);
      expect((await act('close', { summary: PLANTED.closing })).status).toBe(200);
    });

    it.each([
      ['public', 'text/markdown', '| videoshare |'],
      ['public-html', 'text/html', '<td>videoshare</td>'],
    ])('answers %s as %s with the counts per platform', async (format, type, row) => {
      const res = await get(format, 'be');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const text = String(res.body);
      expect(text).toContain(`Transparency summary: ${incident.ref}`);
      expect(text).toContain(row);
      expect(text).toMatch(
        format === 'public' ? /- Removal orders: 1/ : /<dt>Removal orders<\/dt><dd>1<\/dd>/,
      );
    });

    it.each(['public', 'public-html'])(
      'in %s carries no URL, hash, handle, name, contact or free text',
      async (format) => {
        const text = String((await get(format)).body);
        for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
        expect(text).not.toContain('planted message 7731');
        expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
        for (const member of Object.values(as)) {
          expect(text).not.toContain(member.organisation.name);
          expect(text).not.toContain(member.memberId);
          expect(text).not.toContain(member.organisation.id);
        }
        for (const name of [
          'Duty coordinator',
          'BE referral officer',
          'VideoShare liaison',
          'ClipCast liaison',
        ])
          expect(text).not.toContain(name);
        // An e-mail address of any kind (the stylesheet's @media rules are not one).
        expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
      },
    );
  });
});
