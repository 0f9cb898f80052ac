import { FLAGGER_KINDS, type CellStatus, type IncidentStatus } from '@hub/contracts';
import { canPerform, canTransition, initialStatus, isOpenForWork, transition } from '../incidents';
import { formatDuration } from './duration';
import { concernedCastPlatforms, type ScenarioCast } from './scenario.cast';
import type { InjectAction } from './scenario.model';
import type { Draft } from './scenario.injects';
import type { Problem } from './scenario.schema';
import type { FieldPath } from './scenario.source';

type Timed = Draft & { atSeconds: number; do: InjectAction };

const isFlaggerKind = (kind: string | undefined): boolean =>
  (FLAGGER_KINDS as readonly (string | undefined)[]).includes(kind);

/**
 * What only the order in time shows, checked by playing the injects through the incident and
 * containment machines: the incident is declared first, each lifecycle step comes in a status that
 * allows it, nothing is worked on once the incident is over, a contain follows its share, concerns its
 * platform, and moves its cell legally. Share refs name one share each.
 */
export class TimelineRules {
  constructor(
    private readonly problems: Problem[],
    private readonly cast: ScenarioCast,
  ) {}

  check(drafts: readonly Draft[]): void {
    this.checkUniqueRefs(drafts);
    const timed = drafts
      .filter((d): d is Timed => d.atSeconds !== undefined && d.do !== undefined)
      .sort((a, b) => a.atSeconds - b.atSeconds || a.index - b.index);
    const shares = new Map<string, Draft>();
    for (const d of drafts) {
      if (d.do === 'share' && d.ref !== undefined && !shares.has(d.ref)) shares.set(d.ref, d);
    }
    const shared = new Set<string>();
    const cells = new Map<string, CellStatus>();
    let status: IncidentStatus | null = null;
    for (const draft of timed) {
      if (status === null) {
        status = this.declaration(draft);
        if (draft.do === 'activate') continue;
      }
      status = this.step(draft, status);
      if (draft.do === 'share' && draft.ref !== undefined) shared.add(draft.ref);
      if (draft.do === 'contain' && draft.ref !== undefined) this.checkContain(draft, shares, shared, cells);
    }
  }

  /**
   * The status the first inject in time leaves: the incident as its activate creates it (an authority's or
   * a flagger's starts assessing; anyone else's, already refused on its `by`, reads as a coordinator's). Anything else is a
   * problem, and the rest is read as if an authority had notified it, so one missing declaration is one
   * problem (a later activate is fine).
   */
  private declaration(draft: Timed): IncidentStatus {
    if (draft.do === 'activate')
      return initialStatus(
        draft.by?.kind === 'authority' || isFlaggerKind(draft.by?.kind) ? 'authority' : 'coordinator',
      );
    this.problem(
      [...draft.path, 'do'],
      `the first inject in time (at ${formatDuration(draft.atSeconds)}) must be an activate by a coordinator or an authority: a scenario declares its incident first`,
    );
    return initialStatus('authority');
  }

  /** One inject after the declaration: the incident status it leaves behind. */
  private step(draft: Timed, status: IncidentStatus): IncidentStatus {
    const at = formatDuration(draft.atSeconds);
    switch (draft.do) {
      case 'activate': {
        const kind = draft.by?.kind;
        if (kind === 'coordinator' && canPerform(status, 'activate')) return transition(status, 'activate');
        if (kind !== undefined) {
          this.problem(
            [...draft.path, 'do'],
            `at ${at} the incident is already ${status}: it cannot be activated again`,
          );
        }
        return status;
      }
      case 'level':
      case 'stand_down':
      case 'close':
        if (canPerform(status, draft.do)) return transition(status, draft.do);
        this.problem(
          [...draft.path, 'do'],
          `at ${at} the incident is ${status}: it cannot ${draft.do.replace('_', ' ')}`,
        );
        return status;
      default:
        if (!isOpenForWork(status)) {
          this.problem(
            [...draft.path, 'do'],
            `at ${at} the incident is already ${status}: no more ${draft.do}`,
          );
        }
        return status;
    }
  }

  private checkContain(
    draft: Draft,
    shares: Map<string, Draft>,
    shared: Set<string>,
    cells: Map<string, CellStatus>,
  ): void {
    const ref = draft.ref!;
    const share = shares.get(ref);
    if (!share) {
      this.problem([...draft.path, 'item'], `no share with as: "${ref}"`);
      return;
    }
    if (!shared.has(ref)) {
      const when = share.atSeconds === undefined ? '' : ` at ${formatDuration(share.atSeconds)}`;
      this.problem(
        [...draft.path, 'item'],
        `"${ref}" is shared later (injects[${share.index}]${when}): a contain must come after its share in time`,
      );
      return;
    }
    const platform = draft.platform;
    const body = share.body;
    if (!platform || !body || body.do !== 'share') return;
    // With a cast member unreadable, its domains are unknown: attribution is not checked.
    if (body.item.kind !== 'hash' && this.cast.complete) {
      const members = this.cast.all();
      const concerned = concernedCastPlatforms(body.item, members);
      if (!concerned.includes(platform.key)) {
        const owner =
          concerned.length === 0
            ? 'no platform of the cast'
            : `platform ${members[concerned[0]].platformKey}`;
        this.problem([...draft.path, 'item'], `"${ref}" concerns ${owner}, not ${platform.platformKey}`);
        return;
      }
    }
    if (draft.status === undefined || draft.status === 'pending') return;
    const cell = `${ref}\u0000${platform.key}`;
    const from = cells.get(cell) ?? 'pending';
    if (!canTransition(from, draft.status)) {
      this.problem(
        [...draft.path, 'status'],
        `the cell of "${ref}" on ${platform.key} is ${from} by then: it cannot become ${draft.status}`,
      );
      return;
    }
    cells.set(cell, draft.status);
  }

  private checkUniqueRefs(drafts: readonly Draft[]): void {
    const seen = new Map<string, number>();
    for (const draft of drafts) {
      if (draft.do !== 'share' || draft.ref === undefined) continue;
      const first = seen.get(draft.ref);
      if (first !== undefined) {
        this.problem([...draft.path, 'as'], `"${draft.ref}" already names the share of injects[${first}]`);
      } else {
        seen.set(draft.ref, draft.index);
      }
    }
  }

  private problem(path: FieldPath, message: string): void {
    this.problems.push({ path, message });
  }
}
