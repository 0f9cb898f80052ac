import { randomUUID } from 'node:crypto';
import type { ScenarioView } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { DomainError, ERROR_CODES } from '../core/errors';
import { cursor } from '../incidents/incident-queries.use-cases';
import type { ScenarioRecord } from './exercise-run.model';
import type { ScenarioRepository } from './exercise.ports';
import { parseScenario } from './scenario.parse';
import type { ScenarioContentType } from './scenario.source';

export function scenarioView(s: ScenarioRecord): ScenarioView {
  return {
    id: s.id,
    name: s.name,
    category: s.category,
    level: s.level,
    injects: s.parsed.injects.length,
    expectations: s.parsed.expectations.length,
    createdAt: s.createdAt.toISOString(),
  };
}

/**
 * Stores a scenario once it parses; a faulty one is refused with its lines and fields named. The same text
 * sent again (each `hub exercise run` of one file) is the scenario already stored, not another copy.
 */
export class CreateScenarioUseCase {
  constructor(
    private readonly scenarios: ScenarioRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    actor: Actor,
    text: string,
    contentType: ScenarioContentType,
  ): Promise<{ scenario: ScenarioRecord; reused: boolean }> {
    assertRole(actor, ['coordinator'], 'storing a scenario');
    const parsed = parseScenario(text, contentType);
    const stored = await this.scenarios.findBySource(text, contentType);
    if (stored) return { scenario: stored, reused: true };
    const scenario: ScenarioRecord = {
      id: randomUUID(),
      name: parsed.name,
      category: parsed.category,
      level: parsed.level,
      source: text,
      contentType,
      parsed,
      createdBy: actor.memberId,
      createdAt: this.clock.now(),
    };
    await this.scenarios.insert(scenario);
    return { scenario, reused: false };
  }
}

/** An admin deletes a scenario that no run uses (a run keeps its scenario for its replay and its report). */
export class DeleteScenarioUseCase {
  constructor(private readonly scenarios: ScenarioRepository) {}

  async execute(actor: Actor, id: string): Promise<void> {
    assertRole(actor, ['admin'], 'deleting a scenario');
    const outcome = await this.scenarios.deleteUnused(id);
    if (outcome === 'not_found') throw new DomainError(ERROR_CODES.NOT_FOUND, 'scenario not found');
    if (outcome === 'in_use')
      throw new DomainError(
        ERROR_CODES.CONFLICT,
        'the scenario is used by an exercise run, which keeps it for its replay and its report',
      );
  }
}

export class ListScenariosUseCase {
  constructor(private readonly scenarios: ScenarioRepository) {}

  async execute(
    actor: Actor,
    page: { after?: string; limit: number },
  ): Promise<{ scenarios: ScenarioRecord[]; next?: string }> {
    assertRole(actor, ['coordinator'], 'listing scenarios');
    const rows = await this.scenarios.list({
      after: page.after ? cursor.decode(page.after) : undefined,
      limit: page.limit + 1,
    });
    const scenarios = rows.slice(0, page.limit);
    const last = scenarios[scenarios.length - 1];
    return {
      scenarios,
      next: rows.length > page.limit && last ? cursor.encode(last.createdAt, last.id) : undefined,
    };
  }
}
