import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, startTestHub, type Cast, type TestHub } from '@hub/testing';

/**
 * Who may do what, route by route: be, fr, videoshare and clipcast take part in the incident; de and
 * socialnet do not; the coordinator and the observer see every incident; the admin sees none.
 */
describe('the authorisation matrix', () => {
  let t: TestHub;
  let as: Cast & { admin: any };
  let incident: any;
  let item: any;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'authz' });
    as = { ...(await t.seed()), admin: { api: t.admin } } as any;
    incident = await declareIncident(as, { participants: ['be', 'fr', 'videoshare', 'clipcast'] });
    item = (
      await as.be.api.post(`/incidents/${incident.id}/items`, {
        kind: 'url',
        url: 'https://videoshare.example/authz',
        channel: 'referral',
      })
    ).body.item;
  });
  afterAll(() => t?.close());

  type Row = [string, (who: string) => Promise<{ status: number }>, Record<string, number>];
  const WHO = ['admin', 'coordinator', 'be', 'de', 'videoshare', 'socialnet', 'observer'];
  const rows: Row[] = [
    [
      'GET /incidents/:id',
      (w) => as[w].api.get(`/incidents/${incident.id}`),
      { admin: 404, coordinator: 200, be: 200, de: 404, videoshare: 200, socialnet: 404, observer: 200 },
    ],
    [
      'GET items',
      (w) => as[w].api.get(`/incidents/${incident.id}/items`),
      { admin: 404, coordinator: 200, be: 200, de: 404, videoshare: 200, socialnet: 404, observer: 200 },
    ],
    [
      'GET events',
      (w) => as[w].api.get(`/incidents/${incident.id}/events`),
      { admin: 404, coordinator: 200, be: 200, de: 404, videoshare: 200, socialnet: 404, observer: 200 },
    ],
    [
      'GET containment',
      (w) => as[w].api.get(`/incidents/${incident.id}/containment`),
      { admin: 404, coordinator: 200, be: 200, de: 404, videoshare: 200, socialnet: 404, observer: 200 },
    ],
    [
      'GET report',
      (w) => as[w].api.get(`/incidents/${incident.id}/report?format=json`),
      { admin: 404, coordinator: 200, be: 200, de: 404, videoshare: 200, socialnet: 404, observer: 200 },
    ],
    [
      'POST items',
      (w) =>
        as[w].api.post(`/incidents/${incident.id}/items`, {
          kind: 'url',
          url: `https://clipcast.example/${w}`,
          channel: 'alert',
        }),
      { admin: 403, coordinator: 201, be: 201, de: 404, videoshare: 201, socialnet: 404, observer: 403 },
    ],
    [
      'POST messages',
      (w) => as[w].api.post(`/incidents/${incident.id}/messages`, { text: `from ${w}` }),
      { admin: 403, coordinator: 201, be: 201, de: 404, videoshare: 201, socialnet: 404, observer: 403 },
    ],
    [
      'POST feedback',
      (w) => as[w].api.post(`/incidents/${incident.id}/items/${item.id}/feedback`, { verdict: 'agree' }),
      { admin: 403, coordinator: 201, be: 201, de: 404, videoshare: 201, socialnet: 404, observer: 403 },
    ],
    [
      'POST containment (videoshare cell)',
      (w) =>
        as[w].api.post(`/incidents/${incident.id}/items/${item.id}/containment/videoshare`, {
          status: 'notified',
        }),
      { admin: 403, coordinator: 200, be: 403, de: 403, videoshare: 409, socialnet: 404, observer: 403 },
    ],
    [
      'POST level',
      (w) =>
        as[w].api.post(`/incidents/${incident.id}/level`, {
          level: w === 'coordinator' ? 'incident' : 'crisis',
        }),
      { admin: 403, coordinator: 200, be: 403, de: 403, videoshare: 403, socialnet: 403, observer: 403 },
    ],
    [
      'POST /incidents',
      (w) =>
        as[w].api.post('/incidents', {
          title: 't',
          summary: 's',
          category: 'other',
          level: 'awareness',
          mode: 'live',
          participants: [],
          platforms: [],
        }),
      { admin: 403, coordinator: 201, be: 201, de: 201, videoshare: 403, socialnet: 403, observer: 403 },
    ],
    [
      'GET /audit/verify',
      (w) => as[w].api.get('/audit/verify'),
      { admin: 200, coordinator: 403, be: 403, de: 403, videoshare: 403, socialnet: 403, observer: 200 },
    ],
    [
      'GET /metrics',
      (w) => as[w].api.get('/metrics'),
      { admin: 200, coordinator: 403, be: 403, de: 403, videoshare: 403, socialnet: 403, observer: 403 },
    ],
    [
      'POST /organisations',
      (w) => as[w].api.post('/organisations', { name: `org of ${w}`, kind: 'observer' }),
      { admin: 201, coordinator: 403, be: 403, de: 403, videoshare: 403, socialnet: 403, observer: 403 },
    ],
    [
      'GET /organisations',
      (w) => as[w].api.get('/organisations'),
      { admin: 200, coordinator: 200, be: 200, de: 200, videoshare: 200, socialnet: 200, observer: 200 },
    ],
    [
      'GET /me',
      (w) => as[w].api.get('/me'),
      { admin: 200, coordinator: 200, be: 200, de: 200, videoshare: 200, socialnet: 200, observer: 200 },
    ],
  ];

  it.each(rows)('%s', async (_route, call, expected) => {
    const actual: Record<string, number> = {};
    for (const who of WHO) actual[who] = (await call(who)).status;
    expect(actual).toEqual(expected);
  });
});
