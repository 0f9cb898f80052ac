import { DomainError, ERROR_CODES } from '@hub/domain';

/**
 * The shape every request body and socket payload must keep. No DTO of the hub nests deeper than a few
 * levels (a scenario document, about six); 32 leaves room and keeps every recursive walk that follows
 * (class-transformer, class-validator, serialisers) far from the stack's end. The byte limits bound the
 * rest (`LIMITS.bodyBytes`, `LIMITS.socketMessageBytes`); entries bound the work of a wide body (no
 * array or object of a DTO holds more than `LIMITS.bulkItems`, 1,000; a validator would name every
 * unknown key of a 100,000-key object, one error each).
 */
export const SHAPE_LIMITS = { depth: 32, entries: 100_000, entriesPerObject: 1_000 } as const;

/** Keys that would reach an object's prototype when copied by a naive merge: never meaningful here. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const refuse = (field: string, message: string) =>
  new DomainError(ERROR_CODES.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);

/**
 * Refuses raw JSON nested deeper than the limit before it is parsed: one pass over the bytes, counting
 * brackets outside strings (the parser would build the whole structure first).
 */
export function assertJsonTextDepth(
  buffer: Buffer,
  field = 'body',
  maxDepth: number = SHAPE_LIMITS.depth,
): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next byte is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw refuse(field, `nested deeper than ${maxDepth} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Refuses a parsed value (a JSON body, a socket payload) nested deeper than the limit, with more entries
 * than the limit, or with a key that names a prototype. Iterative, so the check itself cannot overflow.
 */
export function assertShape(value: unknown, field = 'body', limits = SHAPE_LIMITS): void {
  if (value === null || typeof value !== 'object') return;
  const stack: [unknown, number, string][] = [[value, 1, '']];
  let entries = 0;
  while (stack.length) {
    const [node, depth, path] = stack.pop()!;
    if (depth > limits.depth) throw refuse(field, `nested deeper than ${limits.depth} levels`);
    const keys = Object.keys(node as object);
    if (keys.length > limits.entriesPerObject)
      throw refuse(path || field, `more than ${limits.entriesPerObject} entries in one object or array`);
    entries += keys.length;
    if (entries > limits.entries) throw refuse(field, `more than ${limits.entries} entries`);
    for (const key of keys) {
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(node) && FORBIDDEN_KEYS.has(key)) throw refuse(at, 'this key is not allowed');
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1, at]);
    }
  }
}
