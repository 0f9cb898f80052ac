import MaxRetriesPerRequestError from 'ioredis/built/errors/MaxRetriesPerRequestError';
import { isBackingServiceDown } from './error-mapping';

describe('isBackingServiceDown', () => {
  it('takes a Redis command given up during an outage for a backing service down (503, not 500)', () => {
    expect(isBackingServiceDown(new MaxRetriesPerRequestError(2))).toBe(true);
  });

  it('takes a connection ended by PostgreSQL for a backing service down', () => {
    expect(isBackingServiceDown(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
  });

  it('leaves other failures alone', () => {
    expect(isBackingServiceDown(new TypeError('x is undefined'))).toBe(false);
  });
});
