import { randomUUID } from 'node:crypto';
import type { ScenarioView } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
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

/** Stores a scenario once it parses; a faulty one is refused with its lines and fields named. */
export class CreateScenarioUseCase {
  constructor(
    private readonly scenarios: ScenarioRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, text: string, contentType: ScenarioContentType): Promise<ScenarioRecord> {
    assertRole(actor, ['coordinator'], 'storing a scenario');
    const parsed = parseScenario(text, contentType);
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
    return scenario;
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
