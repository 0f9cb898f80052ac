import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, TEST_REDIS_URL, waitFor, type TestHub } from '@hub/testing';
import IORedis from 'ioredis';
import { createHash } from 'node:crypto';

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

describe('rate-limit counts far below the limit', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'ratecount', env: { HUB_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(() => t?.close());

  it('adds every hit to the shared count in Redis, though such requests do not wait for it', async () => {
    for (let i = 0; i < 40; i++) expect((await t.admin.get('/me')).status).toBe(200);
    const tracker = createHash('sha256').update(t.admin.token!).digest('hex').slice(0, 32);
    const redis = new IORedis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${t.hub.runtime.keyPrefix}:throttle:*:t:${tracker}`);
      expect(keys).toHaveLength(1);
      await waitFor(
        () => redis.get(keys[0]),
        (count) => Number(count) === 40,
        { what: 'all 40 hits counted in Redis' },
      );
    } finally {
      redis.disconnect();
    }
  });
});
