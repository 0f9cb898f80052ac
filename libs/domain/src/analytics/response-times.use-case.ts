import type { ResponseTimesQuery, ResponseTimesView } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { invalid } from '../core/errors';
import type { AnalyticsQueries } from './analytics.ports';

/** Who reads the response times across incidents: those who see every incident, and admins. */
export const ANALYTICS_ROLES = ['coordinator', 'observer', 'admin'] as const;

/**
 * `2026-05-01` is that whole day (UTC): as `from` its start, as `to` the start of the next day, so that
 * `from=2026-05-01&to=2026-05-01` is the day. A time is taken as it is.
 */
export function periodBound(value: string, edge: 'from' | 'to'): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) throw invalid(edge, 'must be a date (2026-05-01) or a time');
  if (day && edge === 'to') at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** Platforms' response times over the incidents a coordinator, an observer or an admin asks about. */
export class ResponseTimesUseCase {
  constructor(
    private readonly queries: AnalyticsQueries,
    private readonly clock: Clock,
  ) {}

  async run(actor: Actor, query: ResponseTimesQuery): Promise<ResponseTimesView> {
    assertRole(actor, ANALYTICS_ROLES, 'response times across incidents');
    const from = query.from === undefined ? undefined : periodBound(query.from, 'from');
    const to = query.to === undefined ? undefined : periodBound(query.to, 'to');
    if (from && to && to <= from) throw invalid('to', 'must be after from');
    const platforms = await this.queries.responseTimes({
      mode: query.mode ?? 'live',
      incidentsFrom: from,
      incidentsTo: to,
      electionId: query.electionId,
      category: query.category,
      now: this.clock.now(),
    });
    return { platforms };
  }
}
