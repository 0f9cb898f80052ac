import type { SeededMember } from '@hub/client';
import type { ApiClient } from './api-client';

export type Cast = Record<string, SeededMember & { api: ApiClient }>;

/** A coordinator declares an incident with the named cast members taking part. */
export async function declareIncident(
  cast: Cast,
  opts: {
    participants?: string[];
    level?: string;
    mode?: string;
    category?: string;
    title?: string;
    by?: string;
  } = {},
): Promise<any> {
  const participants = (opts.participants ?? ['be', 'fr', 'videoshare', 'clipcast']).map(
    (k) => cast[k].organisation.id,
  );
  const res = await cast[opts.by ?? 'coordinator'].api.post('/incidents', {
    title: opts.title ?? 'Attack livestream spreading',
    summary: 'A livestream of an attack is being re-uploaded across services.',
    category: opts.category ?? 'terrorist_content',
    level: opts.level ?? 'crisis',
    mode: opts.mode ?? 'live',
    participants,
    platforms: [],
    criteria: ['ongoing real-world violent event'],
    rationale: 'Perpetrator-produced footage spreading on several services',
  });
  if (res.status !== 201) throw new Error(`declare failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let counter = 0;
/** A fresh 64-hex-digit PDQ value (deterministic per call order). */
export function pdqHash(seed = ++counter): string {
  let out = '';
  let x = seed * 2654435761;
  for (let i = 0; i < 64; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += ((x >>> 16) & 15).toString(16);
  }
  return out;
}
