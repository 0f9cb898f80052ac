import { Test } from '@nestjs/testing';
import { provide, token } from './provide';

interface Clock {
  now(): Date;
}
interface Store {
  find(id: string): Promise<string | null>;
}
const CLOCK = token<Clock>('CLOCK');
const STORE = token<Store>('STORE');
const untyped = Symbol('untyped');

class Service {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}
}

describe('provide', () => {
  it('builds a provider Nest resolves, with the dependencies in the order given', async () => {
    const clock: Clock = { now: () => new Date(0) };
    const store: Store = { find: async (id) => id };
    const module = await Test.createTestingModule({
      providers: [
        provide(CLOCK, [], () => clock),
        provide(STORE, [], () => store),
        provide(Service, [STORE, CLOCK], (s, c) => new Service(s, c)),
      ],
    }).compile();
    const service = module.get(Service);
    expect(service.store).toBe(store);
    expect(service.clock).toBe(clock);
  });

  it('refuses at compile time a dependency swapped, of the wrong type, or untyped', () => {
    // The factory's parameters come from the tokens: swapped, each is of the other's type.
    // @ts-expect-error Clock is not a Store
    provide(Service, [CLOCK, STORE], (s, c) => new Service(s, c));
    // @ts-expect-error a factory must answer what the token stands for
    provide(CLOCK, [STORE], (s) => s);
    // @ts-expect-error a bare symbol carries no type
    provide(Service, [untyped, CLOCK], (s, c) => new Service(s, c));
    // @ts-expect-error a dependency missing
    provide(Service, [STORE], (s, c) => new Service(s, c));
    expect(provide(Service, [STORE, CLOCK], (s, c) => new Service(s, c)).inject).toEqual([STORE, CLOCK]);
  });
});
