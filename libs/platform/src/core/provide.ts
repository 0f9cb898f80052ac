import type { FactoryProvider } from '@nestjs/common';

declare const carries: unique symbol;

/**
 * An injection token that carries the type of what it stands for: a symbol at run time (Nest injects it
 * like any other), and a `T` at compile time, so `provide` can type the factory that receives it.
 */
export type Token<T> = symbol & { readonly [carries]: T };

export const token = <T>(description: string): Token<T> => Symbol(description) as Token<T>;

/** What a provider may depend on: a typed token, or a class that stands for its own instances. */
export type Dependency<T = unknown> = Token<T> | (abstract new (...args: never[]) => T);

/** The value Nest injects for a dependency. */
export type Provided<D> =
  D extends Token<infer T> ? T : D extends abstract new (...args: never[]) => infer T ? T : never;

type ProvidedAll<D extends readonly unknown[]> = { -readonly [K in keyof D]: Provided<D[K]> };

/**
 * A provider built by a factory from its dependencies. The factory's parameters are inferred from
 * `inject` (taken as a tuple), so a dependency missing, swapped or of the wrong type does not compile:
 *
 *     provide(UpdateContainmentUseCase, [INCIDENT_STORE, CLOCK], (store, clock) =>
 *       new UpdateContainmentUseCase(store, clock))
 */
export function provide<T, const D extends readonly Dependency[]>(
  what: Dependency<T>,
  inject: D,
  factory: (...deps: ProvidedAll<D>) => T | Promise<T>,
): FactoryProvider<T> {
  return {
    provide: what,
    inject: [...inject],
    useFactory: factory as (...deps: unknown[]) => T | Promise<T>,
  };
}
