import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';

describe('rate limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'ratelimit', env: { HUB_RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => t?.close());

  it('answers 429 past the limit of one token, counted in Redis, without touching other tokens or health', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.admin.get('/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await t.admin.get('/me');
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const other = await t.admin.post('/organisations', { name: 'x', kind: 'observer' });
    expect(other.status).toBe(429);
    expect((await t.anonymous.get('/health/ready')).status).toBe(200);
    expect((await t.client('hub_someone-else').get('/me')).status).toBe(401);
  });
});
