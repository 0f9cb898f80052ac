import { CELL_STATUSES, type PlatformResponseTimesView } from '@hub/contracts';
import type {
  AnalyticsQueries,
  BulletinCounts,
  ElectionHeader,
  GroupFigures,
  ResponseTimesFilter,
} from '@hub/domain';
import type { DataSource } from 'typeorm';
import { sql, type Sql } from '../sql/sql';
import { SqlClient } from '../sql/sql-client';
import type { CountRow, ElectionHeaderRow, GroupRow, ResponseTimesRow } from './analytics.rows';

/** A DISARM technique id (T0022, T0022.001): anything else in `items.techniques` is not counted. */
const TECHNIQUE = '^T[0-9]{4}(\\.[0-9]{3})?$';

/** Seconds from a cell's creation to its first answer (acknowledged or acted, whichever came first). */
const FIRST_REPLY = sql.raw(`date_part('epoch', least(c.acknowledged_at, c.acted_at) - c.created_at)`);
/** Seconds from a cell's creation to its outcome (an outcome or cannot-comply). */
const OUTCOME = sql.raw(`date_part('epoch', c.acted_at - c.created_at)`);
/** Seconds in minutes, to 0.01. */
const minutes = (seconds: string): Sql => sql.raw(`round((${seconds} / 60)::numeric, 2)::float8`);
/** A percentile by nearest rank (one of the values, as the hub's `percentile`), in minutes. */
const pct = (p: number, column: string): Sql =>
  minutes(`percentile_disc(${p}) WITHIN GROUP (ORDER BY ${column})`);
/** The cells of each status, in the order of CELL_STATUSES. */
const STATUS_COUNTS = sql.raw(
  CELL_STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int`).join(', '),
);

/** Response times and the counts of bulletins and the public account, computed by PostgreSQL. */
export class PgAnalyticsQueries implements AnalyticsQueries {
  private readonly db: SqlClient;

  constructor(dataSource: DataSource) {
    this.db = SqlClient.of(dataSource);
  }

  async responseTimes(f: ResponseTimesFilter): Promise<PlatformResponseTimesView[]> {
    const where: Sql[] = [sql`i.mode = ${f.mode}`];
    if (f.incidentsFrom) where.push(sql`i.created_at >= ${f.incidentsFrom}`);
    if (f.incidentsTo) where.push(sql`i.created_at < ${f.incidentsTo}`);
    if (f.cellsFrom) where.push(sql`c.created_at >= ${f.cellsFrom}`);
    if (f.cellsTo) where.push(sql`c.created_at < ${f.cellsTo}`);
    if (f.electionId) where.push(sql`i.election_id = ${f.electionId}::uuid`);
    if (f.category) where.push(sql`i.category = ${f.category}`);
    if (f.closedBefore) {
      where.push(sql`i.status IN ('closed', 'reviewed') AND i.closed_at < ${f.closedBefore}`);
    }
    // Overdue: the deadline job found the cell late (overdue_count), or an answer came after its deadline,
    // or none has come and the deadline has passed (a paused cell's clock stands still).
    const now = sql`${f.now}::timestamptz`;
    // One pass over narrow rows: seconds as float8 (cheap to compute and to sort), both percentiles of a
    // measure from one sort, statuses counted by FILTER over the closed list.
    const rows = await this.db.transaction(async (tx) => {
      // 100,000 cells sort in memory (some 12 MB) rather than through temporary files.
      await tx.run(sql`SET LOCAL work_mem = '32MB'`);
      return tx.rows(sql<ResponseTimesRow>`
        SELECT platform_key, cells, replied, overdue, statuses,
               ${minutes('first_reply[1]')} AS median_first, ${minutes('first_reply[2]')} AS p90_first,
               ${minutes('outcome[1]')} AS median_outcome, ${minutes('outcome[2]')} AS p90_outcome
          FROM (
            SELECT platform_key,
                   count(*)::int AS cells,
                   count(first_reply)::int AS replied,
                   percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY first_reply) AS first_reply,
                   percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY outcome) AS outcome,
                   count(*) FILTER (WHERE overdue)::int AS overdue,
                   ARRAY[${STATUS_COUNTS}] AS statuses
              FROM (
                SELECT c.platform_key, c.status,
                       ${FIRST_REPLY} AS first_reply,
                       ${OUTCOME} AS outcome,
                       (c.overdue_count > 0
                         OR (c.ack_due_at IS NOT NULL AND c.ack_due_at < coalesce(
                               c.acknowledged_at, c.acted_at, CASE WHEN c.paused_at IS NULL THEN ${now} END))
                         OR (c.action_due_at IS NOT NULL AND c.action_due_at < coalesce(
                               c.acted_at, CASE WHEN c.paused_at IS NULL THEN ${now} END))) AS overdue
                  FROM containment_cells c
                  JOIN incidents i ON i.id = c.incident_id
                 WHERE ${sql.join(where, ' AND ')}
              ) cell
             GROUP BY platform_key
          ) p
         ORDER BY platform_key`);
    });
    return rows.map((r) => ({
      platformKey: r.platform_key,
      cells: r.cells,
      replied: r.replied,
      medianFirstReplyMinutes: r.median_first,
      p90FirstReplyMinutes: r.p90_first,
      medianOutcomeMinutes: r.median_outcome,
      p90OutcomeMinutes: r.p90_outcome,
      outcomes: Object.fromEntries(
        CELL_STATUSES.flatMap((status, i) => (r.statuses[i] > 0 ? [[status, r.statuses[i]]] : [])),
      ),
      overdue: r.overdue,
    }));
  }

  async election(id: string): Promise<ElectionHeader | null> {
    return this.db.one(
      sql<ElectionHeaderRow>`SELECT id, name, participants FROM elections WHERE id = ${id}::uuid`,
    );
  }

  async bulletinCounts(electionId: string, from: Date, to: Date): Promise<BulletinCounts> {
    const flagged = sql`
      FROM items it JOIN incidents i ON i.id = it.incident_id
     WHERE i.election_id = ${electionId}::uuid AND i.mode = 'live'
       AND it.created_at >= ${from} AND it.created_at < ${to}`;
    const [incidents, byKind, byTechnique, bySeverity] = await Promise.all([
      this.db.one(sql<{ declared: number; with_flags: number }>`
        SELECT (SELECT count(*)::int FROM incidents
                 WHERE election_id = ${electionId}::uuid AND mode = 'live'
                   AND created_at >= ${from} AND created_at < ${to}) AS declared,
               (SELECT count(DISTINCT it.incident_id)::int ${flagged}) AS with_flags`),
      this.db.rows(sql<CountRow>`
        SELECT it.kind AS key, count(*)::int AS count ${flagged} GROUP BY it.kind ORDER BY it.kind`),
      this.db.rows(sql<CountRow>`
        SELECT t.technique AS key, count(*)::int AS count
          FROM (SELECT unnest(it.techniques) AS technique ${flagged}) t
         WHERE t.technique ~ ${TECHNIQUE}
         GROUP BY t.technique ORDER BY t.technique`),
      this.db.rows(sql<CountRow>`
        SELECT severity AS key, count(*)::int AS count FROM election_warnings
         WHERE election_id = ${electionId}::uuid AND created_at >= ${from} AND created_at < ${to}
         GROUP BY severity ORDER BY severity`),
    ]);
    return {
      incidentsDeclared: incidents?.declared ?? 0,
      incidentsWithFlags: incidents?.with_flags ?? 0,
      flagsByKind: byKind,
      flagsByTechnique: byTechnique,
      warningsBySeverity: bySeverity,
    };
  }

  async closedGroups(
    closedBefore: Date,
  ): Promise<{ total: number; categories: GroupFigures[]; elections: GroupFigures[] }> {
    const rows = await this.db.rows(sql<GroupRow & { total: number }>`
      WITH closed AS MATERIALIZED (
        SELECT id, category, election_id FROM incidents
         WHERE mode = 'live' AND status IN ('closed', 'reviewed') AND closed_at < ${closedBefore}
      ), cells AS MATERIALIZED (
        SELECT c.incident_id, ${FIRST_REPLY} AS first_reply
          FROM containment_cells c JOIN closed ON closed.id = c.incident_id
      ), grouped AS (
        SELECT 'category' AS grouping, cl.category AS key, count(DISTINCT cl.id)::int AS incidents,
               count(c.incident_id)::int AS cells, count(c.first_reply)::int AS replied,
               ${pct(0.5, 'c.first_reply')} AS median_first, ${pct(0.9, 'c.first_reply')} AS p90_first
          FROM closed cl LEFT JOIN cells c ON c.incident_id = cl.id
         GROUP BY cl.category
        UNION ALL
        SELECT 'election', e.name, count(DISTINCT cl.id)::int, count(c.incident_id)::int,
               count(c.first_reply)::int, ${pct(0.5, 'c.first_reply')}, ${pct(0.9, 'c.first_reply')}
          FROM closed cl JOIN elections e ON e.id = cl.election_id
          LEFT JOIN cells c ON c.incident_id = cl.id
         GROUP BY e.id, e.name
      )
      SELECT g.*, (SELECT count(*)::int FROM closed) AS total FROM grouped g
      UNION ALL
      SELECT 'total', '', 0, 0, 0, NULL, NULL, (SELECT count(*)::int FROM closed)
       ORDER BY 1, 2`);
    const figures = (r: GroupRow): GroupFigures => ({
      key: r.key,
      incidents: r.incidents,
      cells: r.cells,
      replied: r.replied,
      medianFirstReplyMinutes: r.median_first,
      p90FirstReplyMinutes: r.p90_first,
    });
    return {
      total: rows[0]?.total ?? 0,
      categories: rows.filter((r) => r.grouping === 'category').map(figures),
      elections: rows.filter((r) => r.grouping === 'election').map(figures),
    };
  }
}
