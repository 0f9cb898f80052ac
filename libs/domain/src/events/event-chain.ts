import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

const stringify = configure({ deterministic: true, bigint: false, circularValue: Error });

export const GENESIS_HASH = '0'.repeat(64);

export interface EventContent {
  incidentId: string;
  type: string;
  actor: { memberId: string | null; organisationId: string | null };
  data: unknown;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
}

/** The digest of what an event says, independent of key order (jsonb reorders keys). */
export function contentDigest(content: EventContent): string {
  const body = stringify({
    incidentId: content.incidentId,
    type: content.type,
    actor: { memberId: content.actor.memberId, organisationId: content.actor.organisationId },
    data: content.data,
    at: content.at,
  });
  return createHash('sha256')
    .update(body as string)
    .digest('hex');
}

/**
 * The hash of one event links its seq and content digest to the hash of the event before it in the same
 * incident, so altering, removing or reordering any row breaks every hash after it. The database computes
 * the same link when it appends (see the `hub_append_events` function), so the lock is held for one call.
 */
export function linkHash(prevHash: string, seq: number, digest: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${digest}`, 'utf8').digest('hex');
}

export function chainHash(prevHash: string, content: EventContent & { seq: number }): string {
  return linkHash(prevHash, content.seq, contentDigest(content));
}
