import type { HashMatchView } from '@hub/contracts';
import { canSee } from '../access/access.policy';
import { DomainError, invalid } from '../errors';
import { parseHash } from '../items/hash.parse';
import { PDQ_MATCH_DISTANCE } from '../items/pdq.index';
import type { Actor, IncidentRecord } from '../model';
import type { IncidentStore } from '../ports';
import { PDQ_MIN_QUALITY, PdqMatcher } from './pdq.matcher';

export interface HashMatchQuery {
  algorithm: string;
  value: string;
  maxDistance?: number;
}

export const LOW_QUALITY_NOTE = `PDQ hashes of quality below ${PDQ_MIN_QUALITY} are not indexed and never match`;

/** `POST /hashes/match`: the known PDQ hashes near a value, in the incidents the caller can see. */
export class HashMatchUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly matcher: PdqMatcher,
  ) {}

  async execute(actor: Actor, query: HashMatchQuery): Promise<HashMatchView> {
    const { value, maxDistance } = this.validate(query);
    const loaded = new Map<string, Promise<IncidentRecord | null>>();
    const matches: HashMatchView['matches'] = [];
    for (const candidate of this.matcher.candidates(value, maxDistance)) {
      if (!loaded.has(candidate.incidentId)) {
        loaded.set(candidate.incidentId, this.incidents.find(candidate.incidentId));
      }
      const incident = await loaded.get(candidate.incidentId)!;
      if (!incident || !canSee(actor, incident)) continue;
      matches.push({
        incidentId: candidate.incidentId,
        itemId: candidate.itemId,
        distance: candidate.distance,
      });
    }
    return { matches, note: LOW_QUALITY_NOTE };
  }

  private validate(query: HashMatchQuery): { value: string; maxDistance: number } {
    if (query.algorithm !== 'pdq') throw invalid('algorithm', 'only pdq hashes can be matched by distance');
    let value: string;
    try {
      value = parseHash({ algorithm: 'pdq', value: query.value }).value;
    } catch (error) {
      if (error instanceof DomainError) {
        throw invalid('value', 'a pdq hash must be exactly 64 hexadecimal digits');
      }
      throw error;
    }
    const maxDistance = query.maxDistance ?? PDQ_MATCH_DISTANCE;
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > PDQ_MATCH_DISTANCE) {
      throw invalid(
        'maxDistance',
        `must be an integer from 0 to ${PDQ_MATCH_DISTANCE}: PDQ hashes further apart do not show the same picture`,
      );
    }
    return { value, maxDistance };
  }
}
