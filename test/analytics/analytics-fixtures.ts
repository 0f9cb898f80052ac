import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** A clock the test moves by hand: it stands still between steps, so every stored time is known. */
export class SteppedClock {
  constructor(private at: Date) {}
  now = (): Date => new Date(this.at);
  set(at: Date): void {
    this.at = new Date(at);
  }
  advance(minutes: number): void {
    this.at = new Date(this.at.getTime() + minutes * 60_000);
  }
}

export const minutesAfter = (start: Date, minutes: number): Date =>
  new Date(start.getTime() + minutes * 60_000);

/**
 * An election row written behind the API (its REST is another feature's): a name, a window around the
 * day, its participants; incidents join it by `election_id`.
 */
export async function insertElection(
  sql: Pool,
  opts: { name: string; participants: string[]; platforms?: string[]; from: Date; until: Date },
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `INSERT INTO elections (id, name, voting_days, active_from, active_until, participants, platforms)
     VALUES ($1, $2, ARRAY[$3::date], $4, $5, $6::uuid[], $7::text[])`,
    [
      id,
      opts.name,
      opts.from.toISOString().slice(0, 10),
      opts.from,
      opts.until,
      opts.participants,
      opts.platforms ?? [],
    ],
  );
  return id;
}

export async function joinElection(sql: Pool, incidentId: string, electionId: string): Promise<void> {
  await sql.query(`UPDATE incidents SET election_id = $2 WHERE id = $1`, [incidentId, electionId]);
}

/** A test's own reading of the overdue rule, from the stored columns, to check the hub's SQL against. */
export function overdueOf(
  cells: {
    ack_due_at: Date | null;
    action_due_at: Date | null;
    acknowledged_at: Date | null;
    acted_at: Date | null;
    paused_at: Date | null;
    overdue_count: number;
  }[],
  now: Date,
): number {
  return cells.filter((c) => {
    const open = c.paused_at ? null : now;
    const ackBy = c.acknowledged_at ?? c.acted_at ?? open;
    const actBy = c.acted_at ?? open;
    return (
      c.overdue_count > 0 ||
      (c.ack_due_at !== null && ackBy !== null && ackBy > c.ack_due_at) ||
      (c.action_due_at !== null && actBy !== null && actBy > c.action_due_at)
    );
  }).length;
}
