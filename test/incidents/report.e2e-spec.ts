import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, pdqHash, startTestHub, type Cast, type TestHub } from '@hub/testing';

describe('the after-action report', () => {
  let t: TestHub;
  let as: Cast;
  let incident: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'report' });
    as = await t.seed();
    incident = await declareIncident(as, {
      participants: ['be', 'fr', 'videoshare', 'clipcast'],
      title: 'Report <b>test</b>',
    });
    const url = (
      await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: 'https://videoshare.example/v/report',
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
        metadata: { uploaderHandle: 'uploader-to-purge', label: 'attack footage' },
      })
    ).body.item;
    await as.fr.api.post(`/incidents/${incident.id}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: pdqHash(), quality: 90 },
      channel: 'alert',
    });
    // An account's handle is personal data too: the report names the platform, never the handle.
    await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'account',
      account: { platformKey: 'clipcast', handle: 'attacker01' },
      channel: 'alert',
    });
    await as.videoshare.api.post(`/incidents/${incident.id}/items/${url.id}/containment/videoshare`, {
      status: 'acknowledged',
    });
    await as.videoshare.api.post(`/incidents/${incident.id}/items/${url.id}/containment/videoshare`, {
      status: 'removed',
    });
    await as.be.api.post(`/incidents/${incident.id}/messages`, { text: 'a private remark' });
  });
  afterAll(() => t?.close());

  it('answers JSON with the containment table and no personal data', async () => {
    const res = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.incident).toMatchObject({ id: incident.id, ref: incident.ref });
    expect(res.body.items.total).toBe(3);
    const video = res.body.containment.platforms.find((p: any) => p.platformKey === 'videoshare');
    expect(video).toMatchObject({ cells: 2, acknowledged: 1, acted: 1 });
    expect(JSON.stringify(res.body)).not.toContain('uploader-to-purge');
    expect(JSON.stringify(res.body)).not.toContain('attacker01');
    expect(JSON.stringify(res.body)).not.toContain('a private remark');
  });

  it.each([
    ['md', 'text/markdown', '| '],
    ['html', 'text/html', '<svg'],
    ['csv', 'text/csv', 'itemId'],
  ])('renders %s', async (format, type, marker) => {
    const res = await as.be.api.get(`/incidents/${incident.id}/report?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(String(res.body)).toContain(marker);
    expect(String(res.body)).not.toContain('uploader-to-purge');
    // The banner's promise holds: no handle, of an uploader or of a shared account.
    expect(String(res.body)).not.toContain('attacker01');
    if (format !== 'csv') expect(String(res.body)).toMatch(/uploader and account handles/);
    if (format === 'md') expect(String(res.body)).toContain('`account on clipcast`');
    if (format === 'html') {
      expect(String(res.body)).not.toContain('<b>test</b>');
      // Standalone: the API's stylesheet is inlined into the page.
      expect(String(res.body)).toMatch(/<style>[^<]*\.v-no \{/);
    }
  });

  it('refuses an unknown format', async () => {
    expect((await as.be.api.get(`/incidents/${incident.id}/report?format=pdf`)).status).toBe(400);
  });
});
