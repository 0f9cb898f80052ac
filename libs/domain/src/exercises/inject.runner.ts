import type { ShareItemDto } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import { attributePlatform, builtInUrlRules, canonicaliseUrl, type UrlRules } from '../items';
import { SYSTEM_ACTOR, type Actor } from '../core/actor';
import { type NewEvent } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentStore } from '../incidents/incident.ports';
import type { ProtocolSet } from '../protocols';
import { CreateIncidentUseCase } from '../incidents/create-incident.use-case';
import { IncidentActionUseCase } from '../incidents/incident-action.use-case';
import { PostMessageUseCase } from '../incidents/participation.use-cases';
import { ShareItemsUseCase } from '../incidents/share-items.use-case';
import { UpdateContainmentUseCase } from '../incidents/update-containment.use-case';
import { formatDuration } from './duration';
import { scriptedWallTime } from './exercise.clock';
import { clockOf, type ExerciseRunRecord } from './exercise-run.model';
import { withInjectMarker } from './inject-marking.store';
import type { Inject, Scenario, ShareItemSpec } from './scenario.model';

export interface FireResult {
  incidentId: string;
  /** A share's item, for the contains that name it. */
  itemId?: string;
  /** Why the hub refused the inject (a person acted first, the incident moved on); it still counts as fired. */
  refused?: string;
}

/** How a scripted warning reads in the exercise's room. */
export function warningText(warning: { title: string; text: string; severity?: string }): string {
  return `Warning (${warning.severity ?? 'warning'}): ${warning.title}\n\n${warning.text}`;
}

/** The `exercise.inject` event: which inject of which run fired, as scripted. */
export function injectEvent(runId: string, inject: Inject, refused?: string): NewEvent {
  return {
    type: 'exercise.inject',
    actor: SYSTEM_ACTOR,
    data: {
      runId,
      index: inject.index,
      at: formatDuration(inject.atSeconds),
      by: inject.by,
      do: inject.do,
      ...(refused !== undefined && { refused }),
    },
  };
}

/**
 * Fires one inject through the use cases people use, as the member bound to the inject's cast key. The
 * use cases get the incident store wrapped so the `exercise.inject` event commits with the action, and
 * a clock that reads the inject's scripted time (`scriptedWallTime`): a share made by a late tick still
 * starts its platforms' deadlines when the script says, and the score reads exercise time. A
 * domain refusal is recorded as the inject's outcome (people may act alongside the script, and the
 * script must not stall on them); any other error is thrown for the caller to retry.
 */
export class InjectRunner {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly identities: IdentityRepository,
    private readonly protocols: () => ProtocolSet,
    private readonly clock: Clock,
    private readonly urlRules: UrlRules = builtInUrlRules(),
  ) {}

  async fire(
    run: ExerciseRunRecord,
    scenario: Scenario,
    inject: Inject,
    itemIds: ReadonlyMap<string, string>,
    /** Events to commit with the marker (`exercise.started` with the first inject). */
    alongside: NewEvent[] = [],
  ): Promise<FireResult> {
    const marker = [injectEvent(run.id, inject), ...alongside];
    try {
      return await this.act(run, scenario, inject, itemIds, withInjectMarker(this.incidents, marker));
    } catch (error) {
      // Without an incident there is nowhere to record a refusal: the caller answers it.
      if (!(error instanceof DomainError) || !run.incidentId) throw error;
      await this.incidents.withIncident(run.incidentId, (tx) =>
        tx.append([injectEvent(run.id, inject, error.message)]),
      );
      return { incidentId: run.incidentId, refused: error.message };
    }
  }

  private async act(
    run: ExerciseRunRecord,
    scenario: Scenario,
    inject: Inject,
    itemIds: ReadonlyMap<string, string>,
    store: IncidentStore,
  ): Promise<FireResult> {
    const actor = await this.actorFor(run, inject.by);
    const incidentId = run.incidentId;
    const state = clockOf(run);
    const clock: Clock = { now: () => scriptedWallTime(state, inject.atSeconds, this.clock.now()) };
    if (inject.do === 'activate' && incidentId === null) {
      const participants = [...new Set(Object.values(run.cast).map((b) => b.organisationId))];
      const created = await new CreateIncidentUseCase(store, this.identities, this.protocols, clock).execute(
        actor,
        {
          title: inject.title,
          summary: inject.summary ?? scenario.description ?? '',
          category: scenario.category,
          level: scenario.level,
          mode: 'exercise',
          participants,
          platforms: [],
          ...(inject.criteria && { criteria: inject.criteria }),
          ...(inject.rationale && { rationale: inject.rationale }),
        },
      );
      return { incidentId: created.incident.id };
    }
    if (incidentId === null) {
      throw new DomainError(
        ERROR_CODES.CONFLICT,
        'the exercise has no incident yet: the first inject declares it',
      );
    }
    const action = () => new IncidentActionUseCase(store, this.identities, this.protocols, clock);
    switch (inject.do) {
      case 'activate':
        await action().execute(actor, incidentId, 'activate', {
          ...(inject.rationale && { rationale: inject.rationale }),
          ...(inject.criteria && { criteria: inject.criteria }),
        });
        return { incidentId };
      case 'share': {
        const shared = await new ShareItemsUseCase(
          store,
          this.identities,
          this.protocols,
          clock,
          this.urlRules,
        ).one(actor, incidentId, this.shareCommand(run, scenario, inject.item));
        return { incidentId, itemId: shared.item.id };
      }
      case 'contain': {
        const itemId = itemIds.get(inject.item);
        if (!itemId) {
          throw new DomainError(ERROR_CODES.NOT_FOUND, `the share "${inject.item}" did not produce an item`);
        }
        await new UpdateContainmentUseCase(store, clock).execute(actor, {
          incidentId,
          itemId,
          platformKey: this.boundPlatformKey(run, inject.platform),
          status: inject.status,
          ...(inject.reason !== undefined && { reason: inject.reason }),
          ...(inject.via !== undefined && { via: inject.via }),
          ...(inject.reportedBy !== undefined && { reportedBy: inject.reportedBy }),
        });
        return { incidentId };
      }
      case 'post':
        await new PostMessageUseCase(store).execute(actor, incidentId, inject.text);
        return { incidentId };
      case 'warn':
        // An exercise reaches no real election's participants: its warning goes to the exercise's room.
        await new PostMessageUseCase(store).execute(actor, incidentId, warningText(inject));
        return { incidentId };
      case 'level':
        await action().execute(actor, incidentId, 'level', { level: inject.level });
        return { incidentId };
      case 'stand_down':
        await action().execute(actor, incidentId, 'stand_down', {
          ...(inject.rationale && { rationale: inject.rationale }),
        });
        return { incidentId };
      case 'close':
        await action().execute(actor, incidentId, 'close', { summary: inject.summary });
        return { incidentId };
    }
  }

  /** The member bound to the cast key, as an actor: built from its id, no token involved. */
  private async actorFor(run: ExerciseRunRecord, castKey: string): Promise<Actor> {
    const binding = run.cast[castKey];
    const actor = binding && (await this.identities.findActorByMemberId(binding.memberId));
    if (!actor) throw new DomainError(ERROR_CODES.NOT_FOUND, `no member plays "${castKey}" in this run`);
    return actor;
  }

  private boundPlatformKey(run: ExerciseRunRecord, castKey: string): string {
    const key = run.cast[castKey]?.platformKey;
    if (!key) throw new DomainError(ERROR_CODES.NOT_FOUND, `"${castKey}" is not a platform of this run`);
    return key;
  }

  /**
   * The scenario's item with its platform keys turned into the run's. A URL goes to the cast platform
   * whose scenario domains own it, named explicitly, so a simulated platform (which gets no domains)
   * still receives it.
   */
  private shareCommand(run: ExerciseRunRecord, scenario: Scenario, item: ShareItemSpec): ShareItemDto {
    const byScenarioKey = new Map<string, string>();
    for (const [castKey, member] of Object.entries(scenario.organisations)) {
      const bound = run.cast[castKey]?.platformKey;
      if (member.platformKey && bound) byScenarioKey.set(member.platformKey, bound);
    }
    const mapKey = (key: string): string => byScenarioKey.get(key) ?? key;
    let platformKey = item.platformKey === undefined ? undefined : mapKey(item.platformKey);
    if (platformKey === undefined && item.kind === 'url' && item.url) {
      const owner = attributePlatform(
        canonicaliseUrl(item.url).host,
        Object.values(scenario.organisations).flatMap((m) =>
          m.platformKey ? [{ platformKey: m.platformKey, domains: m.domains }] : [],
        ),
      );
      if (owner !== undefined) platformKey = mapKey(owner);
    }
    return {
      kind: item.kind,
      channel: item.channel,
      ...(item.url !== undefined && { url: item.url }),
      ...(item.hash !== undefined && { hash: { ...item.hash } }),
      ...(item.account !== undefined && {
        account: { platformKey: mapKey(item.account.platformKey), handle: item.account.handle },
      }),
      ...(item.legalReference !== undefined && { legalReference: item.legalReference }),
      ...(platformKey !== undefined && { platformKey }),
      ...(item.metadata !== undefined && { metadata: { ...item.metadata } }),
      ...(item.narrative !== undefined && { narrative: { ...item.narrative } }),
      ...(item.techniques !== undefined && { techniques: [...item.techniques] }),
      ...(item.visibility !== undefined && { visibility: item.visibility }),
    };
  }
}
