import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';

/** As deployed (private targets not allowed): a webhook cannot point into the hub's own network. */
describe('webhook targets at registration', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, {
      label: 'webhook-targets',
      env: { HUB_WEBHOOK_ALLOW_PRIVATE: 'false' },
    });
  });
  afterAll(() => t?.close());

  let n = 0;
  const register = (field: 'webhook' | 'exerciseWebhook', url: string) =>
    t.admin.post('/organisations', {
      name: `Platform ${++n}`,
      kind: 'platform',
      platformKey: `p${n}`,
      [field]: { url, secret: 'a-webhook-secret-of-some-length' },
    });

  it.each([
    ['webhook', 'http://169.254.169.254/latest/meta-data/', /link-local address 169.254.169.254/],
    ['webhook', 'http://127.0.0.1:9/hook', /loopback/],
    // Refused by the URL check already, or by the address rules (which read these spellings too).
    ['webhook', 'http://2130706433/hook', /^webhook\.url/],
    ['webhook', 'http://0x7f.0.0.1/hook', /^webhook\.url/],
    ['webhook', 'http://[::ffff:169.254.169.254]/hook', /link-local/],
    ['webhook', 'http://[::1]/hook', /loopback/],
    ['exerciseWebhook', 'http://10.0.0.5/hook', /private/],
    ['exerciseWebhook', 'http://[fd00::5]/hook', /unique-local/],
    ['exerciseWebhook', 'http://100.64.1.1/hook', /cgnat/],
    ['webhook', 'http://localhost:8080/hook', /loopback address localhost/],
  ] as const)('refuses %s %s with a 400 naming the field', async (field, url, reason) => {
    const res = await register(field, url);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: `${field}.url`, message: expect.stringMatching(reason) }]);
  });

  it('accepts a public address', async () => {
    const res = await register('webhook', 'https://93.184.216.34/hook');
    expect(res.status).toBe(201);
    expect(res.body.webhook).toEqual({ url: 'https://93.184.216.34/hook' });
  });
});
