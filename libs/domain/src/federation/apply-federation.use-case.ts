import { randomUUID } from 'node:crypto';
import {
  CATEGORIES,
  type Category,
  type FederatedAnswerData,
  type FederatedIncidentData,
  type FederatedItemData,
  type FederatedMessageData,
  type FederationEvent,
  type FederationReceipt,
} from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore, IncidentTx } from '../incidents/incident.ports';
import { newCell, type CellRecord, type IncidentRecord, type ItemRecord } from '../incidents/incident.model';
import { concernedPlatforms } from '../incidents/share-items.use-case';
import { applyContainment, cellStateOf } from '../incidents/containment.machine';
import { containmentUpdatedData, movedCell } from '../incidents/update-containment.use-case';
import type { NewEvent } from '../events/event.model';
import { computeDeadlines, type Protocol, type ProtocolSet } from '../protocols';
import { resolveCast } from '../incidents/incident-cast';
import { retimeAcknowledgements } from '../incidents/incident-action.use-case';
import { attributePlatform } from '../items';
import { parseFederationEvent } from './federation-event.parse';
import { effectiveDistribution, reaches } from './distribution';
import {
  compareCursors,
  formatCursor,
  parseCursor,
  type FederationStamp,
  type PeerRecord,
} from './federation.model';
import type { FederationStore } from './federation.ports';

/** Why a peer's event is not applied: kept on record (`federation_refusals`), the rest of the page goes on. */
export class Refusal extends Error {}

/**
 * Applies what a peer hub sends (pushed, or read from its feed): each event once by (origin hub, origin
 * event), in the order sent, as an event of this hub's own log that says where it came from. The origin
 * owns an incident and its items; a peer owns its platforms' answers and its messages. What a peer may
 * not do is refused and logged, never applied.
 */
export class ApplyFederationUseCase {
  constructor(
    private readonly store: FederationStore,
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
    /** This hub's name (HUB_NAME). */
    private readonly self: string,
  ) {}

  /**
   * One page from `peer`, which began after `after` (null: a page read from the peer's feed at this
   * hub's own cursor). A page that starts past this hub's cursor would leave a gap: it is not applied,
   * and the answer's cursor tells the sender where to start again.
   */
  async applyPage(
    peer: PeerRecord,
    page: { hub: string; events: unknown[]; cursor: string; after: string | null },
  ): Promise<{ receipt: FederationReceipt; gap: boolean }> {
    if (page.hub !== peer.name) {
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        `hub: this token is the peer ${peer.name}'s, not ${page.hub}'s`,
        [{ field: 'hub', message: `must be ${peer.name}` }],
      );
    }
    const fresh = await this.store.findPeer(peer.id);
    const received = fresh?.received ?? peer.received;
    const now = this.clock.now();
    if (page.after !== null && compareCursors(parseCursor(page.after), received) > 0) {
      await this.store.recordContact(peer.id, now);
      return { receipt: { applied: 0, refused: [], cursor: formatCursor(received) }, gap: true };
    }
    const refused: FederationReceipt['refused'] = [];
    const events: FederationEvent[] = [];
    for (const [index, raw] of page.events.entries()) {
      let event: FederationEvent;
      try {
        event = parseFederationEvent(raw, `events[${index}]`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const id = String((raw as { id?: unknown })?.id ?? `#${index}`).slice(0, 100);
        refused.push({ id, reason: error.message });
        continue;
      }
      if (compareCursors(parseCursor(event.cursor), received) <= 0) continue;
      events.push(event);
    }
    let applied = 0;
    const done = await this.store.received(events.map((e) => e.id));
    // The sharing groups, read once for the page (only if an answer or a message needs them).
    let groupsOfPage: Promise<Map<string, string[]>> | undefined;
    const groups = () => (groupsOfPage ??= this.groupPeers());
    // Consecutive items of one incident go in one transaction: a catch-up of thousands is a few dozen.
    for (let i = 0; i < events.length;) {
      const event = events[i];
      if (done.has(event.id) || event.path.includes(this.self)) {
        i++;
        continue;
      }
      let run = [event];
      if (event.type === 'item') {
        let j = i + 1;
        while (
          j < events.length &&
          events[j].type === 'item' &&
          events[j].incident.hub === event.incident.hub &&
          events[j].incident.id === event.incident.id &&
          !done.has(events[j].id) &&
          !events[j].path.includes(this.self)
        )
          j++;
        run = events.slice(i, j);
      }
      i += run.length;
      // Each event of a run is judged on its own: one a peer may not send is refused, its neighbours are not.
      const refuse = async (e: FederationEvent, reason: string) => {
        refused.push({ id: e.id, reason });
        await this.store.recordRefusal(peer.id, e.id, reason, now);
      };
      if (run.length > 1) {
        const fit: FederationEvent[] = [];
        for (const e of run) {
          try {
            this.assertItemClaim(peer, e as FederationEvent<FederatedItemData>);
            fit.push(e);
          } catch (error) {
            if (!(error instanceof Refusal)) throw error;
            await refuse(e, error.message);
          }
        }
        if (fit.length === 0) continue;
        run = fit;
      }
      try {
        applied += await this.applyRun(peer, run, refuse, groups);
      } catch (error) {
        if (!(error instanceof Refusal || error instanceof DomainError)) throw error;
        for (const e of run) await refuse(e, error.message);
      }
    }
    for (const r of refused.filter((r) => r.id.startsWith('#') || !events.some((e) => e.id === r.id)))
      await this.store.recordRefusal(peer.id, r.id, r.reason, now);
    const cursor = await this.store.saveReceived(peer.id, parseCursor(page.cursor));
    await this.store.recordContact(peer.id, now);
    return { receipt: { applied, refused, cursor: formatCursor(cursor) }, gap: false };
  }

  private async applyRun(
    peer: PeerRecord,
    run: FederationEvent[],
    refuse: (event: FederationEvent, reason: string) => Promise<void>,
    groups: () => Promise<Map<string, string[]>>,
  ): Promise<number> {
    const first = run[0];
    this.assertPath(peer, first);
    if (first.incident.hub === this.self) return this.applyToOwn(peer, first, await groups());
    switch (first.type) {
      case 'incident':
        return this.applyIncident(peer, first as FederationEvent<FederatedIncidentData>);
      case 'item':
        return this.applyItems(peer, run as FederationEvent<FederatedItemData>[], refuse);
      case 'answer':
      case 'message':
        return this.applyToMirror(peer, first, await groups());
    }
  }

  /** The path ends with the sender and begins with the event's origin: a hub speaks only for itself. */
  private assertPath(peer: PeerRecord, event: FederationEvent): void {
    if (event.path[event.path.length - 1] !== peer.name || event.path[0] !== event.originHub) {
      throw new Refusal(`claims a path it did not take (${event.path.join(' > ')}) from ${peer.name}`);
    }
    if (new Set(event.path).size !== event.path.length) throw new Refusal('passes a hub twice');
  }

  private stamp(peer: PeerRecord, event: FederationEvent): FederationStamp {
    return { id: event.id, originHub: event.originHub, path: [...event.path, this.self], from: peer.name };
  }

  /** A hub's incident and items are its own to change: no one else's events may. */
  private assertOrigin(event: FederationEvent): void {
    if (event.originHub !== event.incident.hub) {
      throw new Refusal(
        `${event.type} events of ${event.incident.hub}'s incident ${event.incident.ref} come from ${event.incident.hub} only, not ${event.originHub}`,
      );
    }
  }

  private assertExercise(peer: PeerRecord, mode: string): void {
    if (mode === 'exercise' && !peer.exercise)
      throw new Refusal(`${peer.name} is no exercise peer: an exercise incident stays on its hub`);
  }

  private async applyIncident(
    peer: PeerRecord,
    event: FederationEvent<FederatedIncidentData>,
  ): Promise<number> {
    this.assertOrigin(event);
    const d = event.data;
    this.assertExercise(peer, d.mode);
    if (peer.name !== event.incident.hub && d.distribution !== 'all')
      throw new Refusal(
        `only an incident shared with all hubs comes through ${peer.name} from ${event.incident.hub}`,
      );
    const mirror = await this.store.findMirror(event.incident.hub, event.incident.id);
    if (!mirror) return this.createMirror(peer, event);
    return this.incidents.withIncident(
      mirror.id,
      async (tx) => {
        if ((await tx.recordReceived([{ key: event.id, peerId: peer.id }])).length === 0) return 0;
        const before = tx.incident;
        if (before.distribution === 'hub' && d.distribution === 'all')
          throw new Refusal(`widens ${event.incident.ref}'s distribution from hub to all`);
        const changed =
          before.status !== d.status ||
          before.level !== d.level ||
          before.title !== d.title ||
          before.summary !== d.summary ||
          (d.distribution === 'hub' && before.distribution === 'all');
        if (!changed) return 0;
        const now = this.clock.now();
        const type = incidentEventType(before, d);
        await tx.updateIncident({
          status: d.status,
          level: d.level,
          title: d.title,
          summary: d.summary,
          ...(d.distribution === 'hub' ? { distribution: 'hub' as const } : {}),
          ...(d.closingSummary ? { closingSummary: d.closingSummary } : {}),
          ...(d.status === 'closed' && !before.closedAt ? { closedAt: now } : {}),
        });
        // The level's deadlines, by this hub's protocol, as a level set here would move them.
        const moved =
          before.level !== d.level
            ? await retimeAcknowledgements(
                tx,
                this.protocolFor(before.protocol, before.category),
                d.level,
                now,
              )
            : 0;
        // The data of the same event made here, so the room and reports read it alike.
        const data =
          type === 'incident.level_changed'
            ? { from: before.level, to: d.level, rationale: null, deadlinesMoved: moved }
            : {
                from: before.status,
                status: d.status,
                ...(before.level !== d.level ? { level: { from: before.level, to: d.level } } : {}),
                ...(type === 'incident.closed' ? { summary: d.closingSummary ?? null } : { rationale: null }),
              };
        await tx.append([
          {
            type,
            actor: { memberId: null, organisationId: peer.organisationId },
            data: { ...data, federation: this.stamp(peer, event) },
          },
        ]);
        return 1;
      },
      { lock: 'early' },
    );
  }

  private async createMirror(
    peer: PeerRecord,
    event: FederationEvent<FederatedIncidentData>,
  ): Promise<number> {
    const d = event.data;
    const protocol = this.protocolFor(d.protocol, d.category);
    const known = await this.identities.findPlatforms(d.platforms);
    const cast = await resolveCast(this.identities, {
      organisationIds: [],
      platformKeys: known.flatMap((o) => (o.platformKey ? [o.platformKey] : [])),
    });
    const now = this.clock.now();
    const incident: IncidentRecord = {
      id: randomUUID(),
      ref: await this.incidents.nextRef(d.mode, now.getUTCFullYear()),
      title: d.title,
      summary: d.summary,
      category: d.category as Category,
      protocol: protocol.key,
      level: d.level,
      mode: d.mode,
      status: d.status,
      participants: cast.participants,
      platforms: cast.platforms,
      criteria: [],
      rationale: null,
      closingSummary: d.closingSummary ?? null,
      reviewSummary: null,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
      closedAt: d.status === 'closed' ? now : null,
      lastSeq: 0,
      configVersion: 0,
      distribution: d.distribution,
      origin: { hub: event.incident.hub, id: event.incident.id, ref: d.ref },
      originPeerId: peer.id,
    };
    try {
      await this.incidents.create(incident, [
        {
          type: d.status === 'assessing' ? 'incident.notified' : 'incident.activated',
          actor: { memberId: null, organisationId: peer.organisationId },
          data: {
            ref: incident.ref,
            title: incident.title,
            category: incident.category,
            protocol: incident.protocol,
            level: incident.level,
            mode: incident.mode,
            status: incident.status,
            participants: incident.participants,
            platforms: incident.platforms,
            criteria: [],
            rationale: null,
            origin: incident.origin,
            distribution: d.distribution,
            federation: this.stamp(peer, event),
          },
        },
      ]);
    } catch (error) {
      // Made meanwhile from another page (a push and a catch-up at once): it is there; apply as a change.
      if (await this.store.findMirror(event.incident.hub, event.incident.id))
        return this.applyIncident(peer, event);
      throw error;
    }
    await this.incidents.withIncident(
      incident.id,
      (tx) => tx.recordReceived([{ key: event.id, peerId: peer.id }]),
      {
        lock: 'early',
      },
    );
    return 1;
  }

  private protocolFor(key: string, category: string): Protocol {
    const set = this.protocols();
    try {
      return set.get(key);
    } catch {
      const known = (CATEGORIES as readonly string[]).includes(category) ? (category as Category) : 'other';
      return set.forCategory(known);
    }
  }

  private async mirrorOf(event: FederationEvent): Promise<IncidentRecord> {
    const mirror = await this.store.findMirror(event.incident.hub, event.incident.id);
    if (!mirror) throw new Refusal(`no incident ${event.incident.ref} of ${event.incident.hub} here`);
    return mirror;
  }

  /** What an item event may claim by itself: its path, its origin, and coming through a hub only as `all`. */
  private assertItemClaim(peer: PeerRecord, event: FederationEvent<FederatedItemData>): void {
    this.assertPath(peer, event);
    this.assertOrigin(event);
    if (peer.name !== event.incident.hub && event.data.distribution !== 'all')
      throw new Refusal(
        `only an item shared with all hubs comes through ${peer.name} from ${event.incident.hub}`,
      );
  }

  private async applyItems(
    peer: PeerRecord,
    all: FederationEvent<FederatedItemData>[],
    refuse: (event: FederationEvent, reason: string) => Promise<void>,
  ): Promise<number> {
    for (const event of all) this.assertItemClaim(peer, event);
    const mirror = await this.mirrorOf(all[0]);
    this.assertExercise(peer, mirror.mode);
    // An item may narrow its incident's distribution, never widen it: not even its origin may send one
    // for all hubs on an incident that came here as `hub` (it would go on from here).
    const run: FederationEvent<FederatedItemData>[] = [];
    for (const event of all) {
      if ((mirror.distribution ?? 'hub') === 'hub' && event.data.distribution === 'all')
        await refuse(
          event,
          `widens an item of ${event.incident.ref} beyond its incident's distribution (hub)`,
        );
      else run.push(event);
    }
    if (run.length === 0) return 0;
    const directory = (await this.identities.platformDirectory()).flatMap((o) =>
      o.platformKey ? [{ platformKey: o.platformKey, domains: o.domains }] : [],
    );
    return this.incidents.withIncident(
      mirror.id,
      async (tx) => {
        const incident = tx.incident;
        const fresh = new Set(await tx.recordReceived(run.map((e) => ({ key: e.id, peerId: peer.id }))));
        const todo = run.filter((e) => fresh.has(e.id));
        if (todo.length === 0) return 0;
        const known = new Set(
          (await tx.findItemsByDedupKeys(todo.map((e) => e.data.dedupKey))).map((i) => i.dedupKey),
        );
        const protocol = this.protocolFor(incident.protocol, incident.category);
        const now = this.clock.now();
        const items: ItemRecord[] = [];
        const cells: CellRecord[] = [];
        const events: NewEvent[] = [];
        for (const event of todo) {
          const d = event.data;
          if (known.has(d.dedupKey)) continue;
          known.add(d.dedupKey);
          const item = this.itemOf(incident, peer, d, directory, now);
          const due = computeDeadlines(protocol, incident.level, item.channel, now, incident.clockSpeed);
          const itemCells = concernedPlatforms(item, incident.platforms).map((key) =>
            newCell(item, key, due, now),
          );
          items.push(item);
          cells.push(...itemCells);
          events.push({
            type: 'item.shared',
            actor: { memberId: null, organisationId: peer.organisationId },
            data: {
              itemId: item.id,
              kind: item.kind,
              url: item.url,
              hash: item.hashAlgorithm
                ? {
                    algorithm: item.hashAlgorithm,
                    value: item.hashAlgorithm === 'vpdq' ? null : item.hashValue,
                    quality: item.hashQuality,
                  }
                : null,
              account: item.accountPlatform
                ? { platformKey: item.accountPlatform, handle: item.accountHandle }
                : null,
              channel: item.channel,
              legalReference: item.legalReference,
              platformKey: item.platformKey,
              metadata: item.metadata,
              ...(item.narrative ? { narrative: item.narrative } : {}),
              ...(item.techniques.length ? { techniques: item.techniques } : {}),
              visibility: item.visibility,
              origin: { hub: d.item.hub, id: d.item.id },
              cells: itemCells.map((c) => ({
                platformKey: c.platformKey,
                ackDueAt: c.ackDueAt?.toISOString() ?? null,
                actionDueAt: c.actionDueAt?.toISOString() ?? null,
              })),
              federation: this.stamp(peer, event),
            },
          });
        }
        await tx.insertItems(items, cells);
        await tx.append(events);
        return events.length;
      },
      { lock: 'early' },
    );
  }

  private itemOf(
    incident: IncidentRecord,
    peer: PeerRecord,
    d: FederatedItemData,
    directory: { platformKey: string; domains: string[] }[],
    now: Date,
  ): ItemRecord {
    const knownKey = (key: string | undefined) =>
      key && directory.some((p) => p.platformKey === key) ? key : null;
    let platformKey = knownKey(d.platformKey);
    if (!platformKey && d.url) {
      try {
        platformKey = attributePlatform(new URL(d.url).hostname, directory) ?? null;
      } catch {
        platformKey = null;
      }
    }
    return {
      id: randomUUID(),
      incidentId: incident.id,
      kind: d.kind,
      dedupKey: d.dedupKey,
      url: d.url ?? null,
      submittedUrl: d.url ?? null,
      hashAlgorithm: (d.hash?.algorithm as ItemRecord['hashAlgorithm']) ?? null,
      hashValue: d.hash?.value ?? null,
      hashQuality: d.hash?.quality ?? null,
      accountPlatform: d.account?.platformKey ?? null,
      accountHandle: d.account?.handle ?? null,
      channel: d.channel,
      legalReference: d.legalReference ?? null,
      platformKey: d.kind === 'account' ? (d.account?.platformKey ?? platformKey) : platformKey,
      metadata: d.metadata,
      narrative: d.narrative
        ? {
            title: d.narrative.title,
            ...(d.narrative.description ? { description: d.narrative.description } : {}),
            keywords: d.narrative.keywords,
            languages: d.narrative.languages,
            examples: d.narrative.examples,
          }
        : null,
      techniques: d.techniques ?? [],
      reporters: [peer.organisationId],
      variantOf: null,
      visibility: d.visibility,
      // On a mirror that goes on to all hubs, an item that stops here says so.
      distribution: incident.distribution === 'all' && d.distribution === 'hub' ? 'hub' : null,
      origin: { hub: d.item.hub, id: d.item.id },
      createdBy: null,
      createdAt: now,
    };
  }

  /** An answer or a message on this hub's own incident, from a peer it was shared with. */
  private async applyToOwn(
    peer: PeerRecord,
    event: FederationEvent,
    groups: Map<string, string[]>,
  ): Promise<number> {
    if (event.type !== 'answer' && event.type !== 'message')
      throw new Refusal(
        `${event.type} events of this hub's incident ${event.incident.ref} are this hub's own to make`,
      );
    if (event.originHub === this.self) throw new Refusal('claims this hub as its origin');
    const incident = await this.incidents.find(event.incident.id);
    if (!incident || incident.origin) throw new Refusal(`no incident ${event.incident.ref} of this hub`);
    this.assertExercise(peer, incident.mode);
    if (!reaches(incident.distribution ?? 'hub', peer, (g) => groups.get(g) ?? []))
      throw new Refusal(`${event.incident.ref} was not shared with ${peer.name}`);
    return this.incidents.withIncident(
      incident.id,
      (tx) => this.applyAnswerOrMessage(tx, peer, event, groups),
      { lock: 'early' },
    );
  }

  /** An answer or a message on a mirror: from further on (going back to the origin), or from the origin's side. */
  private async applyToMirror(
    peer: PeerRecord,
    event: FederationEvent,
    groups: Map<string, string[]>,
  ): Promise<number> {
    if (event.originHub === this.self) throw new Refusal('claims this hub as its origin');
    const mirror = await this.mirrorOf(event);
    this.assertExercise(peer, mirror.mode);
    if (event.type === 'answer' && peer.id === mirror.originPeerId)
      throw new Refusal(`answers on ${event.incident.ref} go to ${event.incident.hub}, not from it`);
    // From further on: only over a mirror this hub passes on (one that came as `all`).
    if (peer.id !== mirror.originPeerId && (mirror.distribution ?? 'hub') !== 'all')
      throw new Refusal(`${event.incident.ref} was not shared with ${peer.name}`);
    return this.incidents.withIncident(
      mirror.id,
      (tx) => this.applyAnswerOrMessage(tx, peer, event, groups),
      { lock: 'early' },
    );
  }

  private async groupPeers(): Promise<Map<string, string[]>> {
    return new Map((await this.store.listGroups()).map((g) => [g.id, g.peers]));
  }

  private async applyAnswerOrMessage(
    tx: IncidentTx,
    peer: PeerRecord,
    event: FederationEvent,
    groups: Map<string, string[]>,
  ): Promise<number> {
    if ((await tx.recordReceived([{ key: event.id, peerId: peer.id }])).length === 0) return 0;
    const actor = { memberId: null, organisationId: peer.organisationId };
    const federation = this.stamp(peer, event);
    if (event.type === 'message') {
      const d = event.data as FederatedMessageData;
      await tx.append([
        {
          type: 'message.posted',
          actor,
          data: {
            text: d.text,
            displayName: d.organisation,
            role: 'peer',
            organisation: d.organisation,
            viaHub: event.originHub,
            federation,
          },
        },
      ]);
      return 1;
    }
    const d = event.data as FederatedAnswerData;
    const incident = tx.incident;
    const [item] =
      d.item.hub === this.self
        ? [await tx.findItem(d.item.id)].filter((i): i is ItemRecord => !!i)
        : await tx.findItemsByOriginIds([d.item.id]);
    if (!item) throw new Refusal(`no item ${d.item.id} in ${event.incident.ref}`);
    const shared = incident.origin
      ? // A mirror's item went on only when it did not stop here.
        peer.id === incident.originPeerId || item.distribution !== 'hub'
      : reaches(
          effectiveDistribution(incident.distribution ?? 'hub', item.distribution),
          peer,
          (g) => groups.get(g) ?? [],
        );
    if (!shared) throw new Refusal(`item ${d.item.id} was not shared with ${peer.name}`);
    const now = this.clock.now();
    const existing = await tx.lockCell(item.id, d.platformKey);
    // On this hub's own incident, a peer answers for the incident's platforms only (a mirror passes on
    // what comes from further on, for platforms the origin may know and this hub not).
    if (!existing && !incident.origin && !incident.platforms.includes(d.platformKey))
      throw new Refusal(`${d.platformKey} takes no part in ${event.incident.ref}`);
    const cell =
      existing ??
      ({ ...newCell(item, d.platformKey, {}, now), viaHub: event.originHub } satisfies CellRecord);
    const isNew = cell.createdAt === now;
    let next;
    try {
      next = applyContainment(cellStateOf(cell), d.status, d.reason, now);
    } catch (error) {
      if (error instanceof DomainError)
        throw new Refusal(`${d.platformKey} on ${d.item.id}: ${error.message}`);
      throw error;
    }
    const saved = movedCell(cell, next, now, { viaHub: event.originHub });
    if (isNew) await tx.insertCells([saved]);
    await tx.saveCell(saved);
    await tx.append([
      {
        type: 'containment.updated',
        actor,
        data: { ...containmentUpdatedData(cell, saved), viaHub: event.originHub, federation },
      },
    ]);
    return 1;
  }
}

function incidentEventType(before: IncidentRecord, d: FederatedIncidentData): string {
  if (before.status !== d.status) {
    switch (d.status) {
      case 'active':
        return 'incident.activated';
      case 'standing_down':
        return 'incident.standing_down';
      case 'closed':
        return 'incident.closed';
      case 'reviewed':
        return 'incident.reviewed';
      case 'rejected':
        return 'incident.rejected';
    }
  }
  if (before.level !== d.level) return 'incident.level_changed';
  return 'incident.updated';
}
