import type { PublicAccountView } from '@hub/contracts';
import type { AnalyticsQueries, GroupFigures } from '../analytics/analytics.ports';
import type { Clock } from '../core/clock';
import { DomainError, ERROR_CODES } from '../core/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The account is rebuilt at most this often, however many people read it. */
export const PUBLIC_ACCOUNT_TTL_MS = 60_000;

export interface PublicAccountSettings {
  /** HUB_PUBLIC_TRANSPARENCY: off, the account does not exist (404). */
  enabled: boolean;
  /** HUB_TRANSPARENCY_DELAY_DAYS: only incidents closed at least this long ago are counted. */
  delayDays: number;
}

/**
 * The public account: what closed live incidents show of platforms' answers, per platform, per category and
 * per election, aggregates only. Built from the database at most once a minute and kept in this process:
 * the page is public, so a crowd of readers costs one query a minute, not one each.
 */
export class PublicAccountUseCase {
  private cached?: { at: number; view: Promise<PublicAccountView> };
  /** How many times the account was built (a test reads it to see the cache at work). */
  builds = 0;

  constructor(
    private readonly queries: AnalyticsQueries,
    private readonly clock: Clock,
    private readonly settings: PublicAccountSettings,
  ) {}

  get(): Promise<PublicAccountView> {
    if (!this.settings.enabled) {
      return Promise.reject(new DomainError(ERROR_CODES.NOT_FOUND, 'not found'));
    }
    const now = this.clock.now();
    const cached = this.cached;
    if (cached && now.getTime() - cached.at < PUBLIC_ACCOUNT_TTL_MS && now.getTime() >= cached.at) {
      return cached.view;
    }
    // Readers arriving while it is built share the one build; a failed build is not kept.
    const view = this.build(now);
    this.cached = { at: now.getTime(), view };
    view.catch(() => {
      if (this.cached?.view === view) this.cached = undefined;
    });
    return view;
  }

  private async build(now: Date): Promise<PublicAccountView> {
    this.builds += 1;
    const closedBefore = new Date(now.getTime() - this.settings.delayDays * DAY_MS);
    const [platforms, groups] = await Promise.all([
      this.queries.responseTimes({ mode: 'live', closedBefore, now }),
      this.queries.closedGroups(closedBefore),
    ]);
    const figures = (g: GroupFigures) => ({
      incidents: g.incidents,
      cells: g.cells,
      replied: g.replied,
      medianFirstReplyMinutes: g.medianFirstReplyMinutes,
      p90FirstReplyMinutes: g.p90FirstReplyMinutes,
    });
    return {
      generatedAt: now.toISOString(),
      closedBefore: closedBefore.toISOString(),
      delayDays: this.settings.delayDays,
      incidents: groups.total,
      platforms,
      categories: groups.categories.map((g) => ({
        category: g.key as PublicAccountView['categories'][number]['category'],
        ...figures(g),
      })),
      elections: groups.elections.map((g) => ({ name: g.key, ...figures(g) })),
    };
  }
}
