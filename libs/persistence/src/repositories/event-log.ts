import { chainHash, type EventRecord, type NewEvent } from '@hub/domain';
import type { EntityManager } from 'typeorm';
import { toEvent } from './row-mappers';

/** The channel on which every commit that appends events announces them. */
export const EVENTS_CHANNEL = 'hub_events';

export interface EventsNotice {
  incidentId: string;
  fromSeq: number;
  toSeq: number;
}

/**
 * Appends events to one incident's log. Must run in the transaction that holds the incident row lock:
 * seq is taken from the row, so it is gapless, and each hash chains to the row's last hash.
 */
export async function appendEvents(
  manager: EntityManager,
  incidentId: string,
  head: { lastSeq: number; lastHash: string },
  events: NewEvent[],
  at: Date,
): Promise<EventRecord[]> {
  if (events.length === 0) return [];
  const atIso = at.toISOString();
  const seqs: number[] = [];
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  let { lastSeq, lastHash } = head;
  for (const event of events) {
    lastSeq += 1;
    const hash = chainHash(lastHash, {
      incidentId,
      seq: lastSeq,
      type: event.type,
      actor: event.actor,
      data: event.data,
      at: atIso,
    });
    seqs.push(lastSeq);
    prevHashes.push(lastHash);
    hashes.push(hash);
    lastHash = hash;
  }
  const rows: Record<string, unknown>[] = await manager.query(
    `INSERT INTO incident_events (incident_id, seq, type, actor_member_id, actor_organisation_id, data, at, prev_hash, hash)
     SELECT $1::uuid, s, t, m, o, d::jsonb, $2::timestamptz, p, h
       FROM unnest($3::int[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[]) AS x(s, t, m, o, d, p, h)
     RETURNING id, incident_id, seq, type, actor_member_id, actor_organisation_id, data, at, prev_hash, hash`,
    [
      incidentId,
      atIso,
      seqs,
      events.map((e) => e.type),
      events.map((e) => e.actor.memberId),
      events.map((e) => e.actor.organisationId),
      events.map((e) => JSON.stringify(e.data)),
      prevHashes,
      hashes,
    ],
  );
  head.lastSeq = lastSeq;
  head.lastHash = lastHash;
  return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
}

export async function notifyEvents(manager: EntityManager, notice: EventsNotice): Promise<void> {
  await manager.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, JSON.stringify(notice)]);
}
