import { sql } from '../sql/sql';

/** A signal's dedup key, as its unique index `bank_signals_key` computes it (migration 1763800000520). */
export const SIGNAL_KEY = sql`(md5(bank_id::text || ':' || algorithm || ':' || value)::uuid)`;

/** The keys one value would have in each of these banks: an exact lookup probes the index once a bank. */
export const signalKeys = (bankIds: string[], algorithm: string, value: string) => sql`
  ARRAY(SELECT md5(b::text || ':' || ${algorithm}::text || ':' || ${value}::text)::uuid
          FROM unnest(${bankIds}::uuid[]) AS b)`;
