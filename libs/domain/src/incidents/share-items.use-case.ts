import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  PERSONAL_METADATA_FIELDS,
  type BulkShareResultEntry,
  type ItemVisibility,
  type ShareItemDto,
} from '@hub/contracts';
import { assertCanUseChannel, assertCanWork, assertVisible } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { assertOpenForWork } from './incident.machine';
import {
  attributePlatform,
  builtInUrlRules,
  canonicaliseUrl,
  parseHash,
  sharedHashData,
  type UrlRules,
} from '../items';
import type { Actor } from '../core/actor';
import { newCell, type CellRecord, type ItemRecord } from './incident.model';
import type { NewEvent } from '../events/event.model';
import { itemView } from './incident.views';
import type { Clock } from '../core/clock';
import { iso } from '../core/iso';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore } from './incident.ports';
import { computeDeadlines, type ProtocolSet } from '../protocols';
import { normaliseNarrative } from '../narratives/narrative';
import { normaliseTechniques } from '../techniques/disarm-techniques';
import { assertNarrows } from '../federation/distribution';

/** A share checked and normalised, before the incident is locked. */
type Candidate = Omit<
  ItemRecord,
  'id' | 'incidentId' | 'reporters' | 'createdBy' | 'createdAt' | 'variantOf'
>;

/** A flagger's share is seen by the coordination circle unless it asks otherwise; anyone else's by all. */
export function defaultVisibility(actor: Pick<Actor, 'role'>): ItemVisibility {
  return actor.role === 'flagger' ? 'coordination' : 'participants';
}

export interface ShareOutcome {
  index: number;
  duplicate?: boolean;
  item?: ItemRecord;
  cells?: CellRecord[];
  error?: DomainError;
}

/**
 * A URL or an account concerns its platform; a hash or a narrative (content, or a claim, that may be anywhere)
 * concerns every platform of the incident.
 */
export function concernedPlatforms(
  item: Pick<ItemRecord, 'kind' | 'platformKey'>,
  platforms: string[],
): string[] {
  if (item.kind === 'hash' || item.kind === 'narrative') return platforms;
  return item.platformKey && platforms.includes(item.platformKey) ? [item.platformKey] : [];
}

/** Personal fields stay out of the append-only log, so retention can purge them from the item alone. */
export function publicMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const out = { ...metadata };
  for (const field of PERSONAL_METADATA_FIELDS) delete out[field];
  return out;
}

const CHUNK = 500;

export class ShareItemsUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
    /** When two URLs name the same content (config/url-rules.yaml or HUB_URL_RULES_FILE). */
    private readonly urlRules: UrlRules = builtInUrlRules(),
  ) {}

  /** One share: a refusal is thrown; a repeat answers the existing item. */
  async one(
    actor: Actor,
    incidentId: string,
    input: ShareItemDto,
  ): Promise<{ duplicate: boolean; item: ItemRecord; cells: CellRecord[] }> {
    const [outcome] = await this.many(actor, incidentId, [input], { throwFirst: true });
    if (outcome.error) throw outcome.error;
    return { duplicate: !!outcome.duplicate, item: outcome.item!, cells: outcome.cells! };
  }

  /** Many shares, one transaction per chunk; each input gets its own outcome. */
  async many(
    actor: Actor,
    incidentId: string,
    inputs: ShareItemDto[],
    opts: { throwFirst?: boolean } = {},
  ): Promise<ShareOutcome[]> {
    const registered = await this.platformDomains();
    const candidates = inputs.map((input, index) => {
      try {
        assertCanUseChannel(actor, input.channel);
        const candidate: Candidate = {
          ...this.normalise(input, registered),
          visibility: input.visibility ?? defaultVisibility(actor),
        };
        return { index, candidate };
      } catch (error) {
        if (opts.throwFirst || !(error instanceof DomainError)) throw error;
        return { index, error };
      }
    });
    const outcomes: ShareOutcome[] = [];
    for (let start = 0; start < candidates.length; start += CHUNK) {
      const chunk = candidates.slice(start, start + CHUNK);
      outcomes.push(...(await this.shareChunk(actor, incidentId, chunk)));
    }
    return outcomes;
  }

  /**
   * A bulk of raw shares (a bulk request, an imported file): each validated on its own by `validate` (the
   * edge's class-validator check), so one bad entry sinks no other; the valid ones shared; one answer per
   * entry, in the entries' order.
   */
  async each(
    actor: Actor,
    incidentId: string,
    raws: unknown[],
    validate: (raw: unknown) => Promise<ShareItemDto>,
  ): Promise<BulkShareResultEntry[]> {
    const checked = await Promise.all(
      raws.map((raw) =>
        validate(raw).catch((error: unknown) => {
          if (error instanceof DomainError) return error;
          throw error;
        }),
      ),
    );
    const valid = checked.flatMap((c, index) => (c instanceof DomainError ? [] : [{ index, dto: c }]));
    const outcomes = await this.many(
      actor,
      incidentId,
      valid.map((v) => v.dto),
    );
    const shared = new Map(outcomes.map((outcome, i) => [valid[i].index, outcome]));
    return checked.map((c, index) =>
      toBulkEntry(
        c instanceof DomainError ? { index, error: c } : { ...shared.get(index)!, index },
        (item, cells) => itemView(item, cells, undefined, actor),
      ),
    );
  }

  /** From the platform directory (cached briefly): attribution must not read every organisation per share. */
  private async platformDomains(): Promise<{ platformKey: string; domains: string[] }[]> {
    const orgs = await this.identities.platformDirectory();
    return orgs
      .filter((o) => o.platformKey)
      .map((o) => ({ platformKey: o.platformKey!, domains: o.domains }));
  }

  private normalise(
    input: ShareItemDto,
    registered: { platformKey: string; domains: string[] }[],
  ): Omit<Candidate, 'visibility'> {
    const base = {
      channel: input.channel,
      legalReference: input.legalReference?.trim() || null,
      metadata: { ...(input.metadata ?? {}) } as Record<string, unknown>,
      url: null,
      submittedUrl: null,
      hashAlgorithm: null,
      hashValue: null,
      hashQuality: null,
      accountPlatform: null,
      accountHandle: null,
      narrative: null,
      // Checked before the kind, so an unknown technique is named whatever else is wrong with the share.
      techniques: normaliseTechniques(input.techniques),
      distribution: input.distribution ?? null,
    };
    if (input.channel === 'removal_order' && !base.legalReference) {
      throw invalid('legalReference', 'a removal order carries its legal reference');
    }
    switch (input.kind) {
      case 'url': {
        if (!input.url) throw invalid('url', 'is required for a url item');
        const { canonical, host } = canonicaliseUrl(input.url);
        // Never fetched: the identity is what the URL says (a content id, or the URL with aliases folded).
        const identity = this.urlRules.identify(canonical);
        const platformKey =
          input.platformKey ??
          attributePlatform(host, registered) ??
          // A short-link host (youtu.be) is attributed through its platform's other hosts.
          identity.platformHosts?.map((h) => attributePlatform(h, registered)).find(Boolean) ??
          null;
        return {
          ...base,
          kind: 'url',
          dedupKey: `url:${identity.key}`,
          url: canonical,
          submittedUrl: input.url,
          platformKey,
          // Only a short link says how it was identified: it may be the same content as another item.
          metadata:
            identity.kind === 'unresolved_short_link'
              ? { ...base.metadata, urlIdentity: identity.kind }
              : base.metadata,
        };
      }
      case 'hash': {
        if (!input.hash) throw invalid('hash', 'is required for a hash item');
        const hash = parseHash(input.hash);
        return {
          ...base,
          kind: 'hash',
          dedupKey: hash.dedupKey,
          hashAlgorithm: hash.algorithm,
          hashValue: hash.value,
          hashQuality: hash.quality ?? null,
          platformKey: input.platformKey ?? null,
        };
      }
      case 'account': {
        if (!input.account) throw invalid('account', 'is required for an account item');
        const handle = input.account.handle.trim().replace(/^@/, '');
        if (!handle) throw invalid('account.handle', 'must not be empty');
        if (!registered.some((p) => p.platformKey === input.account!.platformKey)) {
          throw invalid('account.platformKey', `no platform ${input.account.platformKey}`);
        }
        return {
          ...base,
          kind: 'account',
          dedupKey: `account:${input.account.platformKey}:${handle.toLowerCase()}`,
          accountPlatform: input.account.platformKey,
          accountHandle: handle,
          platformKey: input.account.platformKey,
        };
      }
      case 'narrative': {
        const { narrative, dedupKey } = normaliseNarrative(input.narrative);
        return { ...base, kind: 'narrative', dedupKey, narrative, platformKey: input.platformKey ?? null };
      }
    }
  }

  private async shareChunk(
    actor: Actor,
    incidentId: string,
    chunk: { index: number; candidate?: Candidate; error?: unknown }[],
  ): Promise<ShareOutcome[]> {
    const keys = chunk.flatMap((c) => (c.candidate ? [c.candidate.dedupKey] : []));
    return this.incidents.withIncident(
      incidentId,
      async (tx) => {
        const incident = tx.incident;
        assertVisible(actor, incident);
        assertCanWork(actor, incident, 'sharing items');
        assertOpenForWork(incident.status);
        if (incident.origin) {
          throw new DomainError(
            ERROR_CODES.CONFLICT,
            `this incident is ${incident.origin.hub}'s (${incident.origin.ref}): its items are shared there`,
          );
        }
        const protocol = this.protocols().get(incident.protocol);
        const now = this.clock.now();
        const known = new Map((await tx.findItemsByDedupKeys(keys)).map((item) => [item.dedupKey, item]));
        const cellsOf = new Map<string, CellRecord[]>();
        const newItems: ItemRecord[] = [];
        const newCells: CellRecord[] = [];
        const reporters: { itemId: string; organisationId: string }[] = [];
        const techniques = new Map<string, string[]>();
        const events: NewEvent[] = [];
        const who = { memberId: actor.memberId, organisationId: actor.organisationId };
        const outcomes: ShareOutcome[] = [];
        for (const entry of chunk) {
          if (!entry.candidate) {
            outcomes.push({ index: entry.index, error: entry.error as DomainError });
            continue;
          }
          if (entry.candidate.distribution) {
            try {
              assertNarrows(entry.candidate.distribution, incident.distribution ?? 'hub');
            } catch (error) {
              outcomes.push({ index: entry.index, error: error as DomainError });
              continue;
            }
          }
          const existing = known.get(entry.candidate.dedupKey);
          if (existing) {
            if (!existing.reporters.includes(actor.organisationId)) {
              existing.reporters = [...existing.reporters, actor.organisationId];
              reporters.push({ itemId: existing.id, organisationId: actor.organisationId });
            }
            // A repeat may name techniques the item lacks (an analyst tagging a URL shared earlier): added.
            const added = entry.candidate.techniques
              .filter((t) => !existing.techniques.includes(t))
              .slice(0, Math.max(0, LIMITS.techniques - existing.techniques.length));
            if (added.length) {
              existing.techniques = [...existing.techniques, ...added];
              techniques.set(existing.id, [...(techniques.get(existing.id) ?? []), ...added]);
            }
            events.push({
              type: 'item.reported_again',
              actor: who,
              data: {
                itemId: existing.id,
                organisationId: actor.organisationId,
                channel: entry.candidate.channel,
                // What this reporter asked for: a `coordination` report is not shown to other flaggers.
                visibility: entry.candidate.visibility,
                ...(added.length ? { techniques: added } : {}),
              },
            });
            outcomes.push({ index: entry.index, duplicate: true, item: existing });
            continue;
          }
          const item: ItemRecord = {
            ...entry.candidate,
            id: randomUUID(),
            incidentId: incident.id,
            reporters: [actor.organisationId],
            variantOf: null,
            createdBy: actor.memberId,
            createdAt: now,
          };
          const due = computeDeadlines(protocol, incident.level, item.channel, now, incident.clockSpeed);
          const cells = concernedPlatforms(item, incident.platforms).map((platformKey) =>
            newCell(item, platformKey, due, now),
          );
          known.set(item.dedupKey, item);
          cellsOf.set(item.id, cells);
          newItems.push(item);
          newCells.push(...cells);
          events.push({ type: 'item.shared', actor: who, data: sharedEventData(item, cells) });
          outcomes.push({ index: entry.index, duplicate: false, item });
        }
        await tx.insertItems(newItems, newCells);
        await tx.addReporters(reporters);
        await tx.addTechniques([...techniques].map(([itemId, list]) => ({ itemId, techniques: list })));
        await tx.append(events);
        const repeated = outcomes.filter((o) => o.duplicate).map((o) => o.item!.id);
        for (const cell of await tx.cellsForItems(repeated)) {
          cellsOf.set(cell.itemId, [...(cellsOf.get(cell.itemId) ?? []), cell]);
        }
        // A repeat of an item no platform is concerned with has no cells: an empty list, not none.
        return outcomes.map((o) => (o.item ? { ...o, cells: cellsOf.get(o.item.id) ?? [] } : o));
      },
      // Many shares prepare their rows in parallel; the incident is locked only to append the events.
      { lock: 'late', dedupKeys: keys, optimistic: keys.length === 1 },
    );
  }
}

function sharedEventData(item: ItemRecord, cells: CellRecord[]): Record<string, unknown> {
  return {
    itemId: item.id,
    kind: item.kind,
    url: item.url,
    hash: item.hashAlgorithm ? sharedHashData(item.hashAlgorithm, item.hashValue, item.hashQuality) : null,
    account: item.accountPlatform ? { platformKey: item.accountPlatform, handle: item.accountHandle } : null,
    channel: item.channel,
    legalReference: item.legalReference,
    platformKey: item.platformKey,
    metadata: publicMetadata(item.metadata),
    ...(item.narrative ? { narrative: item.narrative } : {}),
    ...(item.techniques.length ? { techniques: item.techniques } : {}),
    ...(item.distribution ? { distribution: item.distribution } : {}),
    visibility: item.visibility,
    cells: cells.map((c) => ({
      platformKey: c.platformKey,
      ackDueAt: iso(c.ackDueAt) ?? null,
      actionDueAt: iso(c.actionDueAt) ?? null,
    })),
  };
}

export function toBulkEntry(
  outcome: ShareOutcome,
  view: (item: ItemRecord, cells: CellRecord[]) => unknown,
): BulkShareResultEntry {
  if (outcome.error) {
    return {
      index: outcome.index,
      status: 400,
      error: { message: outcome.error.message, details: outcome.error.details },
    };
  }
  return {
    index: outcome.index,
    status: outcome.duplicate ? 200 : 201,
    item: view(outcome.item!, outcome.cells ?? []) as BulkShareResultEntry['item'],
  };
}
