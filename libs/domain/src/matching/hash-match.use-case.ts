import type { BankHitEntry, HashMatchEntry, HashMatchView } from '@hub/contracts';
import { canSee } from '../access/access.policy';
import { DomainError, invalid } from '../errors';
import { parseHash } from '../items/hash.parse';
import { PDQ_MATCH_DISTANCE } from '../items/pdq.index';
import { canonicalVpdqFrames, type VpdqFrame } from '../items/vpdq.frames';
import type { Actor, IncidentRecord } from '../model';
import type { IncidentStore } from '../ports';
import { PDQ_MIN_QUALITY, PdqMatcher } from './pdq.matcher';

export interface HashMatchQuery {
  algorithm: string;
  value?: string;
  frames?: unknown;
  maxDistance?: number;
}

export const LOW_QUALITY_NOTE = `PDQ hashes and vPDQ frames of quality below ${PDQ_MIN_QUALITY} are not indexed and never match`;

type Query = { hex: string; frames?: undefined } | { frames: VpdqFrame[]; hex?: undefined };

/** The hash banks' half of a lookup: hits only in the banks the caller may see. */
export interface BankLookup {
  lookup(
    actor: Actor,
    query: { algorithm: 'pdq'; hex: string } | { algorithm: 'vpdq'; frames: VpdqFrame[] },
    maxDistance: number,
  ): Promise<BankHitEntry[]>;
}

/**
 * `POST /hashes/match`: the known pictures and videos near a PDQ hash (in any rotation or flip) or near a
 * video's vPDQ frames, in the incidents the caller can see.
 */
export class HashMatchUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly matcher: PdqMatcher,
    private readonly banks?: BankLookup,
  ) {}

  async execute(actor: Actor, query: HashMatchQuery): Promise<HashMatchView> {
    const { hex, frames, maxDistance } = this.validate(query);
    const candidates = frames
      ? await this.matcher.videoCandidates(frames, maxDistance)
      : this.matcher.candidates(hex, maxDistance);
    const loaded = new Map<string, Promise<IncidentRecord | null>>();
    const matches: (HashMatchEntry | BankHitEntry)[] = [];
    for (const candidate of candidates) {
      if (!loaded.has(candidate.incidentId)) {
        loaded.set(candidate.incidentId, this.incidents.find(candidate.incidentId));
      }
      const incident = await loaded.get(candidate.incidentId)!;
      if (!incident || !canSee(actor, incident)) continue;
      const { incidentId, itemId, algorithm, distance, transform, frame, seconds } = candidate;
      const { queryMatchPercent, comparedMatchPercent } = candidate;
      matches.push(
        queryMatchPercent !== undefined
          ? { incidentId, itemId, algorithm, queryMatchPercent, comparedMatchPercent }
          : {
              incidentId,
              itemId,
              algorithm,
              distance,
              transform,
              ...(frame !== undefined && { frame, seconds }),
            },
      );
    }
    if (this.banks) {
      const query = frames ? { algorithm: 'vpdq' as const, frames } : { algorithm: 'pdq' as const, hex };
      matches.push(...(await this.banks.lookup(actor, query, maxDistance)));
    }
    return { matches, note: LOW_QUALITY_NOTE };
  }

  private validate(query: HashMatchQuery): Query & { maxDistance: number } {
    let hashes: Query;
    if (query.algorithm === 'vpdq') {
      hashes = { frames: canonicalVpdqFrames(query.frames, 'frames') };
    } else if (query.algorithm === 'pdq') {
      try {
        hashes = { hex: parseHash({ algorithm: 'pdq', value: query.value }).value };
      } catch (error) {
        if (error instanceof DomainError) {
          throw invalid('value', 'a pdq hash must be exactly 64 hexadecimal digits');
        }
        throw error;
      }
    } else {
      throw invalid('algorithm', 'only pdq hashes and vpdq frames can be matched by distance');
    }
    const maxDistance = query.maxDistance ?? PDQ_MATCH_DISTANCE;
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > PDQ_MATCH_DISTANCE) {
      throw invalid(
        'maxDistance',
        `must be an integer from 0 to ${PDQ_MATCH_DISTANCE}: PDQ hashes further apart do not show the same picture`,
      );
    }
    return { ...hashes, maxDistance };
  }
}
