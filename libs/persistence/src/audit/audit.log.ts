import { chainHash, GENESIS_HASH, type AuditLog } from '@hub/domain';
import type { DataSource } from 'typeorm';
import type { EventRow } from '../events/event.rows';
import type { IncidentRow } from '../incidents/incident.rows';
import { sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import { toEvent } from '../events/event.mappers';

const PAGE = 5_000;

export class PgAuditLog implements AuditLog {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async verify(): Promise<{ ok: boolean; checked: number; firstBrokenEventId?: string }> {
    const heads = new Map<string, { lastSeq: number; lastHash: string }>();
    const incidents = await this.db.rows(
      sql<Pick<IncidentRow, 'id' | 'last_seq' | 'last_hash'>>`SELECT id, last_seq, last_hash FROM incidents`,
    );
    for (const r of incidents) {
      heads.set(r.id, { lastSeq: Number(r.last_seq), lastHash: r.last_hash });
    }
    let checked = 0;
    let current: { incidentId: string; seq: number; hash: string; eventId: string } | null = null;
    let cursor: [string, number] = ['00000000-0000-0000-0000-000000000000', 0];
    const closeChain = (): string | undefined => {
      if (!current) return undefined;
      const head = heads.get(current.incidentId);
      heads.delete(current.incidentId);
      // A truncated tail leaves a valid chain that stops short of the incident's recorded head.
      if (!head || head.lastSeq !== current.seq || head.lastHash !== current.hash) return current.eventId;
      return undefined;
    };
    for (;;) {
      const rows = await this.db.rows(sql<EventRow>`
        SELECT * FROM incident_events
         WHERE (incident_id, seq) > (${cursor[0]}::uuid, ${cursor[1]}::int)
         ORDER BY incident_id, seq LIMIT ${PAGE}`);
      for (const row of rows) {
        const event = toEvent(row);
        if (!current || current.incidentId !== event.incidentId) {
          const broken = closeChain();
          if (broken) return { ok: false, checked, firstBrokenEventId: broken };
          current = { incidentId: event.incidentId, seq: 0, hash: GENESIS_HASH, eventId: event.id };
        }
        checked += 1;
        const expected = chainHash(current.hash, {
          incidentId: event.incidentId,
          seq: event.seq,
          type: event.type,
          actor: event.actor,
          data: event.data,
          at: event.at.toISOString(),
        });
        if (event.seq !== current.seq + 1 || event.prevHash !== current.hash || event.hash !== expected) {
          return { ok: false, checked, firstBrokenEventId: event.id };
        }
        current = { incidentId: event.incidentId, seq: event.seq, hash: event.hash, eventId: event.id };
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      cursor = [last.incident_id, Number(last.seq)];
    }
    const broken = closeChain();
    if (broken) return { ok: false, checked, firstBrokenEventId: broken };
    for (const [, head] of heads) {
      // An incident whose events were all removed.
      if (head.lastSeq !== 0) return { ok: false, checked };
    }
    return { ok: true, checked };
  }
}
