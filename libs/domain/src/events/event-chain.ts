import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

const stringify = configure({ deterministic: true, bigint: false, circularValue: Error });

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  incidentId: string;
  seq: number;
  type: string;
  actor: { memberId: string | null; organisationId: string | null };
  data: unknown;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
}

/**
 * The hash of one event covers its content and the hash of the event before it in the same incident,
 * so altering, removing or reordering any row breaks every hash after it.
 */
export function chainHash(prevHash: string, content: ChainedContent): string {
  const body = stringify({
    incidentId: content.incidentId,
    seq: content.seq,
    type: content.type,
    actor: { memberId: content.actor.memberId, organisationId: content.actor.organisationId },
    data: content.data,
    at: content.at,
  });
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(body as string)
    .digest('hex');
}
