import type {
  BankActor,
  FeedbackRecord,
  FloodRule,
  HeldHit,
  NewSignalHit,
  OpenIncident,
  SignalHitOutcome,
} from '@hub/domain';
import { sql } from '../sql/sql';
import type { SqlClient } from '../sql/sql-client';
import { toSignal, type BankSignalRow } from './bank.rows';
import { SIGNAL_KEY, signalKeys } from './signal-key';

/**
 * The statements of banks under pressure: URL identities, flood counts and quarantine, held hits and their
 * release, feedback, and the pass over open incidents. Each change writes its `bank_events` entry in the
 * same transaction.
 */

const bankLog = (bankId: string, by: BankActor, type: string, data: object) => sql`
  INSERT INTO bank_events (bank_id, type, actor_member_id, actor_organisation_id, data)
  VALUES (${bankId}, ${type}, ${by.memberId}, ${by.organisationId}, ${JSON.stringify(data)}::jsonb)`;

const SYSTEM: BankActor = { memberId: null, organisationId: null };

/** The bank owner's tier-1 contacts are owed an e-mail of the quarantine, in its transaction. */
const quarantineMails = (signalId: string, hits: number, minutes: number) => sql`
  INSERT INTO quarantine_mails (signal_id, quarantined_at, contact_id, bank_id, organisation_id, hits, minutes,
                                name, email, message_id)
  SELECT s.id, s.quarantined_at, c.id, b.id, c.organisation_id, ${hits}::int, ${minutes}::int, c.name, c.email,
         '<' || gen_random_uuid() || '@crisis-hub>'
    FROM bank_signals s JOIN banks b ON b.id = s.bank_id JOIN contacts c ON c.organisation_id = b.organisation_id
   WHERE s.id = ${signalId}::uuid AND c.tier = 1 AND NOT c.exercise
  ON CONFLICT DO NOTHING`;

/** URL signals of the same identity, or (stored before identities were) of the same canonical URL. */
export async function urlSignals(db: SqlClient, canonical: string, bankIds: string[], urlKey: string) {
  const rows = await db.rows(sql<BankSignalRow>`
    SELECT * FROM bank_signals
     WHERE url_key = ${urlKey} AND algorithm = 'url' AND bank_id = ANY(${bankIds}::uuid[]) AND removed_at IS NULL
    UNION
    SELECT * FROM bank_signals
     WHERE ${SIGNAL_KEY} = ANY(${signalKeys(bankIds, 'url', canonical)})
       AND bank_id = ANY(${bankIds}::uuid[]) AND algorithm = 'url' AND value = ${canonical}
       AND url_key IS NULL AND removed_at IS NULL`);
  return rows.map(toSignal);
}

export async function findSignal(db: SqlClient, bankId: string, signalId: string) {
  const row = await db.one(sql<BankSignalRow>`
    SELECT * FROM bank_signals WHERE bank_id = ${bankId} AND id = ${signalId}`);
  return row && toSignal(row);
}

export function recordHits(
  db: SqlClient,
  hits: NewSignalHit[],
  rule: FloodRule,
): Promise<SignalHitOutcome[]> {
  if (hits.length === 0) return Promise.resolve([]);
  return db.transaction(async (tx) => {
    // The signals' rows locked in one order: two workers counting hits of one signal take turns, so the
    // count that quarantines it is exact.
    const signals = await tx.rows(sql<{ id: string; quarantined_at: Date | null; since: Date }>`
      SELECT id, quarantined_at,
             greatest(coalesce(released_at, '-infinity'), now() - make_interval(mins => ${rule.minutes}::int)) AS since
        FROM bank_signals WHERE id = ANY(${hits.map((h) => h.signalId)}::uuid[])
       ORDER BY id FOR UPDATE`);
    const bySignal = new Map(signals.map((s) => [s.id, s]));
    const outcomes: SignalHitOutcome[] = [];
    for (const hit of hits) {
      const signal = bySignal.get(hit.signalId);
      if (!signal) continue;
      const known = await tx.one(sql<{ held: boolean }>`
        SELECT held FROM bank_signal_hits WHERE signal_id = ${hit.signalId} AND item_id = ${hit.itemId}`);
      if (known) {
        outcomes.push({ signalId: hit.signalId, held: known.held, quarantined: false });
        continue;
      }
      let quarantined = false;
      if (!signal.quarantined_at) {
        const counted = await tx.one(sql<{ n: number }>`
          SELECT count(*)::int AS n FROM bank_signal_hits
           WHERE signal_id = ${hit.signalId} AND at > ${signal.since}`);
        if (counted!.n + 1 > rule.hits) {
          signal.quarantined_at = new Date();
          quarantined = true;
          await tx.run(sql`UPDATE bank_signals SET quarantined_at = now() WHERE id = ${hit.signalId}`);
          await tx.run(
            bankLog(hit.bankId, SYSTEM, 'bank.signal_quarantined', {
              signalId: hit.signalId,
              hits: counted!.n + 1,
              minutes: rule.minutes,
              incidentId: hit.incidentId,
              itemId: hit.itemId,
            }),
          );
          await tx.run(quarantineMails(hit.signalId, counted!.n + 1, rule.minutes));
        }
      }
      const held = signal.quarantined_at !== null;
      await tx.run(sql`
        INSERT INTO bank_signal_hits (signal_id, bank_id, incident_id, item_id, triggered_by, distance, held)
        VALUES (${hit.signalId}, ${hit.bankId}, ${hit.incidentId}, ${hit.itemId}, ${hit.triggeredBy},
                ${hit.distance}, ${held})`);
      outcomes.push({ signalId: hit.signalId, held, quarantined });
    }
    return outcomes;
  });
}

export async function loggedHits(db: SqlClient, incidentId: string, itemId: string) {
  return db.rows(sql<{ type: string; signalId: string }>`
    SELECT type, data ->> 'signalId' AS "signalId" FROM incident_events
     WHERE incident_id = ${incidentId}
       AND type IN ('item.bank_matched', 'item.bank_benign', 'item.bank_hit_held')
       AND data ->> 'itemId' = ${itemId}`);
}

interface HeldHitRow {
  id: string;
  signal_id: string;
  bank_id: string;
  incident_id: string;
  item_id: string;
  triggered_by: string;
  distance: number;
}

export function releaseSignal(
  db: SqlClient,
  bankId: string,
  signalId: string,
  by: BankActor,
): Promise<HeldHit[] | null> {
  return db.transaction(async (tx) => {
    const released = await tx.one(sql<{ id: string }>`
      UPDATE bank_signals SET quarantined_at = NULL, released_at = now()
       WHERE bank_id = ${bankId} AND id = ${signalId} AND quarantined_at IS NOT NULL AND removed_at IS NULL
      RETURNING id`);
    if (!released) return null;
    const held = await tx.rows(sql<HeldHitRow>`
      SELECT * FROM bank_signal_hits WHERE signal_id = ${signalId} AND held ORDER BY id`);
    await tx.run(bankLog(bankId, by, 'bank.signal_released', { signalId, heldHits: held.length }));
    return held.map((r) => ({
      id: Number(r.id),
      signalId: r.signal_id,
      bankId: r.bank_id,
      incidentId: r.incident_id,
      itemId: r.item_id,
      triggeredBy: r.triggered_by,
      distance: r.distance,
    }));
  });
}

export async function deliverHeldHits(db: SqlClient, ids: number[]): Promise<void> {
  await db.run(sql`UPDATE bank_signal_hits SET held = false WHERE id = ANY(${ids}::bigint[])`);
}

export function recordFeedback(
  db: SqlClient,
  f: FeedbackRecord,
  flag: (agree: number, disagree: number) => boolean,
): Promise<{ agree: number; disagree: number; review: boolean }> {
  return db.transaction(async (tx) => {
    await tx.run(sql`
      INSERT INTO bank_feedback (bank_id, signal_id, member_id, organisation_id, item_id, verdict)
      VALUES (${f.bankId}, ${f.signalId}, ${f.memberId}, ${f.organisationId}, ${f.itemId}, ${f.verdict})
      ON CONFLICT (signal_id, member_id, coalesce(item_id, '00000000-0000-0000-0000-000000000000'))
      DO UPDATE SET verdict = EXCLUDED.verdict, at = now()`);
    const counts = (await tx.one(sql<{ agree: number; disagree: number }>`
      SELECT count(*) FILTER (WHERE verdict = 'agree')::int AS agree,
             count(*) FILTER (WHERE verdict = 'disagree')::int AS disagree
        FROM bank_feedback WHERE signal_id = ${f.signalId}`))!;
    const by = { memberId: f.memberId, organisationId: f.organisationId };
    await tx.run(
      bankLog(f.bankId, by, 'bank.signal_feedback', {
        signalId: f.signalId,
        verdict: f.verdict,
        ...(f.itemId && { itemId: f.itemId }),
        ...counts,
      }),
    );
    const flagged = flag(counts.agree, counts.disagree)
      ? await tx.one(sql<{ id: string }>`
          UPDATE bank_signals SET review_at = now() WHERE id = ${f.signalId} AND review_at IS NULL
          RETURNING id`)
      : null;
    if (flagged)
      await tx.run(bankLog(f.bankId, SYSTEM, 'bank.signal_flagged', { signalId: f.signalId, ...counts }));
    const signal = await tx.one(sql<{ review: boolean }>`
      SELECT review_at IS NOT NULL AS review FROM bank_signals WHERE id = ${f.signalId}`);
    return { ...counts, review: signal?.review ?? false };
  });
}

export async function agreement(db: SqlClient, bankIds: string[]) {
  const rows = await db.rows(sql<{ bank_id: string; agree: number; disagree: number }>`
    SELECT bank_id, count(*) FILTER (WHERE verdict = 'agree')::int AS agree,
           count(*) FILTER (WHERE verdict = 'disagree')::int AS disagree
      FROM bank_feedback WHERE bank_id = ANY(${bankIds}::uuid[]) GROUP BY bank_id`);
  return new Map(rows.map((r) => [r.bank_id, { agree: r.agree, disagree: r.disagree }]));
}

export async function incidentOfHit(db: SqlClient, itemId: string, signalId: string) {
  const row = await db.one(sql<{ incident_id: string }>`
    SELECT incident_id FROM items i
     WHERE i.id = ${itemId} AND EXISTS (
       SELECT 1 FROM incident_events e
        WHERE e.incident_id = i.incident_id AND e.type = 'item.bank_matched'
          AND e.data ->> 'itemId' = ${itemId} AND e.data ->> 'signalId' = ${signalId})`);
  return row?.incident_id ?? null;
}

export async function newestSignalSeq(db: SqlClient): Promise<number> {
  const row = await db.one(sql<{ seq: string | null }>`SELECT max(seq) AS seq FROM bank_signals`);
  return Number(row?.seq ?? 0);
}

export async function backfillCursor(db: SqlClient): Promise<number> {
  const row = await db.one(sql<{ seq: string }>`SELECT seq FROM bank_backfill WHERE id = 1`);
  return Number(row?.seq ?? 0);
}

export async function advanceBackfill(db: SqlClient, from: number, to: number): Promise<boolean> {
  return (await db.run(sql`UPDATE bank_backfill SET seq = ${to} WHERE id = 1 AND seq = ${from}`)) === 1;
}

export async function openIncidents(db: SqlClient): Promise<OpenIncident[]> {
  return db.rows(sql<OpenIncident>`
    SELECT id, participants FROM incidents WHERE closed_at IS NULL ORDER BY created_at, id`);
}
