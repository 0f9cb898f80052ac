import type { Distribution, DistributionLevel } from '@hub/contracts';
import { invalid } from '../core/errors';

/** How an incident's or an item's distribution is kept in a row: a level, or `group` and the group's id. */
export interface DistributionColumns {
  distribution: DistributionLevel | 'group';
  sharingGroupId: string | null;
}

export function distributionColumns(d: Distribution): DistributionColumns {
  return typeof d === 'string'
    ? { distribution: d, sharingGroupId: null }
    : { distribution: 'group', sharingGroupId: d.sharingGroup };
}

/** The row's columns read back; null when an item keeps its incident's. */
export function distributionOf(
  level: DistributionLevel | 'group' | null,
  sharingGroupId: string | null,
): Distribution | null {
  if (!level) return null;
  return level === 'group' ? { sharingGroup: sharingGroupId! } : level;
}

/** Breadth, to compare: a sharing group names some direct peers, `connected` all of them. */
const BREADTH = { hub: 0, group: 1, connected: 2, all: 3 } as const;

const breadthOf = (d: Distribution): number => BREADTH[distributionColumns(d).distribution];

export const sameDistribution = (a: Distribution, b: Distribution): boolean =>
  JSON.stringify(distributionColumns(a)) === JSON.stringify(distributionColumns(b));

/**
 * An item may narrow its incident's distribution, never widen it: `hub` always; a sharing group only
 * within a `connected` or `all` incident, or the incident's own group.
 */
export function assertNarrows(item: Distribution, incident: Distribution, field = 'distribution'): void {
  const i = distributionColumns(item);
  const n = distributionColumns(incident);
  const narrower =
    i.distribution === 'hub' ||
    (i.distribution === 'group' && n.distribution === 'group'
      ? i.sharingGroupId === n.sharingGroupId
      : breadthOf(item) <= breadthOf(incident));
  if (!narrower) {
    throw invalid(
      field,
      `may only narrow the incident's distribution (${describe(incident)}), not widen it to ${describe(item)}`,
    );
  }
}

export function describe(d: Distribution): string {
  return typeof d === 'string' ? d : `sharing group ${d.sharingGroup}`;
}

/** An item's own distribution, or its incident's. */
export function effectiveDistribution(
  incident: Distribution,
  item: Distribution | null | undefined,
): Distribution {
  return item ?? incident;
}

/** What a peer may know of a distribution: whether it reaches this peer at all. */
export function reaches(
  d: Distribution,
  peer: { id: string },
  groupPeers: (groupId: string) => readonly string[],
): boolean {
  const c = distributionColumns(d);
  if (c.distribution === 'hub') return false;
  if (c.distribution === 'group') return groupPeers(c.sharingGroupId!).includes(peer.id);
  return true;
}

/** How the receiving hub keeps it: only `all` goes on from there; anything narrower stops there. */
export const onward = (d: Distribution): 'hub' | 'all' => (d === 'all' ? 'all' : 'hub');
