import type { BulletinFormat, BulletinView } from '@hub/contracts';
import type { Language } from '@hub/i18n';
import { visibilityOf } from '../access/access.policy';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import type { HtmlPresentation } from '../reports/html.serializer';
import type { AnalyticsQueries, ElectionHeader } from './analytics.ports';
import { renderBulletin } from './bulletin.document';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first instant of a `YYYY-MM-DD` day (UTC), or a 400 naming `date` for a day no calendar has. */
export function dayStart(date: string): Date {
  const at = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date) {
    throw invalid('date', 'must be a day of the calendar, YYYY-MM-DD');
  }
  return at;
}

/**
 * A day's bulletin of an election, from the record: what was flagged in its incidents that day (by kind and
 * by DISARM technique), how platforms answered the cells created that day, and how many warnings went out.
 * Counts, times and closed vocabularies only: no target, handle, organisation, member or text.
 */
export class ElectionBulletinUseCase {
  constructor(
    private readonly queries: AnalyticsQueries,
    private readonly clock: Clock,
  ) {}

  async build(actor: Actor, electionId: string, date: string): Promise<BulletinView> {
    const election = await this.queries.election(electionId);
    assertReadsBulletin(actor, election);
    const from = dayStart(date);
    const to = new Date(from.getTime() + DAY_MS);
    const now = this.clock.now();
    const [counts, platforms] = await Promise.all([
      this.queries.bulletinCounts(election.id, from, to),
      this.queries.responseTimes({
        mode: 'live',
        electionId: election.id,
        cellsFrom: from,
        cellsTo: to,
        now,
      }),
    ]);
    const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
    return {
      election: { id: election.id, name: election.name },
      date,
      generatedAt: now.toISOString(),
      incidents: { declared: counts.incidentsDeclared, withFlags: counts.incidentsWithFlags },
      flags: {
        total: sum(counts.flagsByKind),
        byKind: counts.flagsByKind,
        byTechnique: counts.flagsByTechnique,
      },
      platforms,
      warnings: { total: sum(counts.warningsBySeverity), bySeverity: counts.warningsBySeverity },
    };
  }

  async render(
    actor: Actor,
    electionId: string,
    date: string,
    format: BulletinFormat,
    presentation?: HtmlPresentation,
    /** Markdown's and HTML's headings and fixed phrases (`?lang=`); JSON is data and has none. */
    language: Language = 'en',
  ): Promise<string | BulletinView> {
    const bulletin = await this.build(actor, electionId, date);
    return format === 'json' ? bulletin : renderBulletin(bulletin, format, presentation, language);
  }
}

/**
 * The election's participants read its bulletin, and so do those who see every incident (coordinators,
 * observers); to anyone else the election does not exist.
 */
function assertReadsBulletin(
  actor: Actor,
  election: ElectionHeader | null,
): asserts election is ElectionHeader {
  if (!election) throw new DomainError(ERROR_CODES.NOT_FOUND, 'election not found');
  if (visibilityOf(actor.role) === 'all') return;
  if (actor.role !== 'admin' && election.participants.includes(actor.organisationId)) return;
  if (actor.role === 'admin') {
    throw new DomainError(
      ERROR_CODES.FORBIDDEN,
      'a bulletin is for the election’s participants, coordinators and observers',
    );
  }
  throw new DomainError(ERROR_CODES.NOT_FOUND, 'election not found');
}
