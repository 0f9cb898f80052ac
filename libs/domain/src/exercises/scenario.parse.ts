import { DomainError, ERROR_CODES, type ErrorDetail } from '../core/errors';
import { article, ScenarioCast } from './scenario.cast';
import { InjectReader, type Draft } from './scenario.injects';
import {
  SCENARIO_LIMITS,
  type Expectation,
  type Inject,
  type InjectBody,
  type Scenario,
} from './scenario.model';
import {
  absent,
  EXPECTATION_SHAPE,
  isMapping,
  readMapping,
  SCENARIO_SHAPE,
  type Problem,
} from './scenario.schema';
import { readScenarioSource, type FieldPath, type ScenarioContentType } from './scenario.source';
import { TimelineRules } from './scenario.timeline';

/** A file of 5000 broken injects gets the first problems, not a megabyte of them. */
const MAX_REPORTED = 100;

/**
 * Parses and validates an exercise scenario (CONTRACT.md, "Exercise scenarios"): the text read as YAML
 * or JSON (scenario.source.ts), each mapping against its schema (scenario.schema.ts), the cast and the
 * injects against each other (scenario.cast.ts, scenario.injects.ts), the timeline through the incident
 * machine (scenario.timeline.ts). Every problem found is reported at once, as VALIDATION_FAILED with
 * details `{ field, line, message }` and a message listing them as `line 12: injects[3].by: no cast
 * member "fr"`.
 */
export function parseScenario(text: string, contentType: ScenarioContentType): Scenario {
  const source = readScenarioSource(text, contentType);
  const problems: Problem[] = [];
  const scenario = readScenario(source.raw, problems, source.lineOf);
  if (problems.length > 0 || scenario === undefined) {
    const details = problems
      .map((p, order) => ({
        field: formatPath(p.path),
        line: source.lineOf(p.path),
        message: p.message,
        order,
      }))
      .sort((a, b) => a.line - b.line || a.order - b.order)
      .slice(0, MAX_REPORTED)
      .map(({ field, line, message }): ErrorDetail => (field ? { field, line, message } : { line, message }));
    const listed = details.map((d) =>
      d.field ? `line ${d.line}: ${d.field}: ${d.message}` : `line ${d.line}: ${d.message}`,
    );
    const more = problems.length - details.length;
    if (more > 0) listed.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
    throw new DomainError(ERROR_CODES.VALIDATION_FAILED, listed.join('; '), details);
  }
  return scenario;
}

function readScenario(
  raw: unknown,
  problems: Problem[],
  lineOf: (path: FieldPath) => number,
): Scenario | undefined {
  if (!isMapping(raw)) {
    problems.push({
      path: [],
      message:
        raw === null || raw === undefined
          ? 'the scenario is empty; it needs name, category, level, organisations and injects'
          : 'the scenario must be a mapping of name, category, level, organisations, injects and expectations',
    });
    return undefined;
  }
  const { name, description, category, level } = readMapping(raw, [], SCENARIO_SHAPE, problems);
  const cast = new ScenarioCast(problems);
  const organisations = cast.read(raw.organisations);
  const drafts = new InjectReader(problems, cast).read(raw.injects);
  if (drafts) new TimelineRules(problems, cast).check(drafts);
  const expectations = readExpectations(raw.expectations, cast, problems);
  if (problems.length > 0) return undefined;
  return {
    name: name!,
    ...(description !== undefined && { description }),
    category: category!,
    level: level!,
    organisations,
    injects: (drafts ?? [])
      .filter((d): d is Draft & { body: InjectBody; atSeconds: number; by: { key: string } } => !!d.body)
      .sort((a, b) => a.atSeconds - b.atSeconds || a.index - b.index)
      .map((d): Inject => ({
        index: d.index,
        line: lineOf(d.path),
        atSeconds: d.atSeconds,
        by: d.by.key,
        ...d.body,
      })),
    expectations,
  };
}

/** One entry per platform of the cast, each with a window for acknowledging, acting or both. */
function readExpectations(value: unknown, cast: ScenarioCast, problems: Problem[]): Expectation[] {
  const path = ['expectations'];
  const problem = (at: FieldPath, message: string) => problems.push({ path: at, message });
  if (absent(value)) return [];
  if (!Array.isArray(value)) {
    problem(path, 'must be a list like [{ platform: videoshare, acknowledgeWithin: 15m }]');
    return [];
  }
  if (value.length > SCENARIO_LIMITS.expectations) {
    problem(path, `must list at most ${SCENARIO_LIMITS.expectations} expectations`);
    return [];
  }
  const seen = new Map<string, number>();
  const out: Expectation[] = [];
  value.forEach((spec, i) => {
    const at = [...path, i];
    if (!isMapping(spec)) {
      problem(at, 'must be a mapping like { platform: videoshare, acknowledgeWithin: 15m, actWithin: 60m }');
      return;
    }
    const { acknowledgeWithin, actWithin } = readMapping(spec, at, EXPECTATION_SHAPE, problems);
    const platform = cast.member(spec, 'platform', at);
    if (platform && platform.kind !== 'platform') {
      problem([...at, 'platform'], `"${platform.key}" is ${article(platform.kind)}, not a platform`);
    } else if (platform) {
      const first = seen.get(platform.key);
      if (first !== undefined)
        problem([...at, 'platform'], `"${platform.key}" already has expectations[${first}]`);
      else seen.set(platform.key, i);
    }
    if (absent(spec.acknowledgeWithin) && absent(spec.actWithin)) {
      problem(at, 'needs acknowledgeWithin, actWithin or both');
    }
    if (acknowledgeWithin === 0) problem([...at, 'acknowledgeWithin'], 'must be longer than 0');
    if (actWithin === 0) problem([...at, 'actWithin'], 'must be longer than 0');
    if (platform?.kind === 'platform') {
      out.push({
        platform: platform.key,
        ...(acknowledgeWithin !== undefined && { acknowledgeWithinSeconds: acknowledgeWithin }),
        ...(actWithin !== undefined && { actWithinSeconds: actWithin }),
      });
    }
  });
  return out;
}

function formatPath(path: FieldPath): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  );
}
