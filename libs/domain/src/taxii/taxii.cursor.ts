import { invalid, type DomainError } from '../core/errors';
import type { AddedAt, IncidentKeyset } from './taxii.model';

/**
 * The `next` of a page: where the page ended in its collection (date added and key for an incident, the
 * signal's seq for a bank), with the collection's id, so that a `next` given to another collection is
 * refused instead of paging it from a foreign position. Opaque to clients: base64url JSON.
 */
export interface TaxiiCursor {
  collectionId: string;
  incident?: IncidentKeyset;
  seq?: number;
}

const ADDED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: TaxiiCursor): string {
  const body = cursor.incident
    ? { c: cursor.collectionId, t: cursor.incident.added, k: cursor.incident.key }
    : { c: cursor.collectionId, s: cursor.seq };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export const refused = (): DomainError =>
  invalid('next', 'is not the next of a previous page of this collection');

export function decodeCursor(next: string, collectionId: string): TaxiiCursor {
  let body: { c?: unknown; t?: unknown; k?: unknown; s?: unknown };
  try {
    if (next.length > 512) throw refused();
    body = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as typeof body;
  } catch {
    throw refused();
  }
  if (typeof body !== 'object' || body === null || body.c !== collectionId) throw refused();
  if (typeof body.t === 'string' && typeof body.k === 'string') {
    if (!ADDED.test(body.t) || !UUID.test(body.k)) throw refused();
    return { collectionId, incident: { added: body.t as AddedAt, key: body.k } };
  }
  if (typeof body.s === 'number' && Number.isSafeInteger(body.s) && body.s >= 0) {
    return { collectionId, seq: body.s };
  }
  throw refused();
}
