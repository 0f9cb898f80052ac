import { DomainError, ERROR_CODES, type ErrorDetail } from './errors';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL stores neither U+0000 nor a lone UTF-16 surrogate in `text` or `jsonb` (JSON allows both as
 * escapes, `"\u0000"`, `"\ud800"`): such a value would fail at the database as a 500. Every string that
 * comes in (bodies, queries, socket payloads, imported files) is checked once at the edge instead.
 */
export function whyUnstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone UTF-16 surrogate (such as \\ud800), which is not a character';
  return undefined;
}

/** Where an unstorable string is: the keys down to it (array indices as numbers), and why. */
export interface UnstorableText {
  path: (string | number)[];
  message: string;
}

/**
 * The first unstorable string of a value (a key or a value of any object or array in it), with its path.
 * Iterative: the value may be deep.
 */
export function locateUnstorableText(value: unknown): UnstorableText | undefined {
  // Each entry links to its parent: the path is built only for the string found (copying it at every
  // level would be quadratic in the depth).
  interface Step {
    node: unknown;
    key?: string | number;
    parent?: Step;
  }
  const pathOf = (step: Step): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) path.push(s.key);
    return path.reverse();
  };
  const stack: Step[] = [{ node: value }];
  while (stack.length) {
    const step = stack.pop()!;
    const { node } = step;
    if (typeof node === 'string') {
      const why = whyUnstorable(node);
      if (why) return { path: pathOf(step), message: why };
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      // Reversed on the stack, so the first bad field in the document's order is the one named.
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const child: Step = {
          node: (node as Record<string, unknown>)[key],
          key: Array.isArray(node) ? Number(key) : key,
          parent: step,
        };
        const why = whyUnstorable(key);
        if (why) return { path: pathOf(child), message: `its key ${why}` };
        stack.push(child);
      }
    }
  }
  return undefined;
}

/** The first unstorable string of a value as an error detail: `metadata.notes`, `items.1.url`, or `field`. */
export function findUnstorableText(value: unknown, field: string): ErrorDetail | undefined {
  const found = locateUnstorableText(value);
  return found && { field: found.path.length ? found.path.join('.') : field, message: found.message };
}

/** Refuses a value holding text PostgreSQL cannot store: a 400 naming the field. */
export function assertStorableText(value: unknown, field: string): void {
  const found = findUnstorableText(value, field);
  if (found)
    throw new DomainError(ERROR_CODES.VALIDATION_FAILED, `${found.field}: ${found.message}`, [found]);
}
