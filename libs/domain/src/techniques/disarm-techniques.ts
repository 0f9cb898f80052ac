import { invalid } from '../core/errors';
import data from './disarm-techniques.json';

/** One technique of the DISARM Red Framework: `T0022`, or a sub-technique `T0022.001`; `tactic` like `TA14`. */
export interface DisarmTechnique {
  id: string;
  name: string;
  tactic: string;
}

/** The framework as shipped (see DISARM-NOTICE.md), sorted by id. */
export const DISARM_TECHNIQUES: readonly DisarmTechnique[] = data;

const KNOWN = new Map(DISARM_TECHNIQUES.map((t) => [t.id, t]));

export function disarmTechnique(id: string): DisarmTechnique | undefined {
  return KNOWN.get(id);
}

/**
 * An item's techniques as stored: each a known id (an unknown one is refused naming its place, `techniques[i]`),
 * upper-cased as DISARM writes them, repeats dropped, in the order given.
 */
export function normaliseTechniques(input: readonly string[] | undefined): string[] {
  const out: string[] = [];
  (input ?? []).forEach((raw, i) => {
    const id = raw.trim().toUpperCase();
    if (!KNOWN.has(id)) throw invalid(`techniques[${i}]`, `${raw} is not a DISARM Red Framework technique`);
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

/** What `GET /techniques` answers: the list for pickers, with where it comes from. */
export function listTechniques(): {
  items: DisarmTechnique[];
  source: string;
  licence: string;
} {
  return {
    items: [...DISARM_TECHNIQUES],
    source: 'DISARM Red Framework, https://github.com/DISARMFoundation/DISARMframeworks',
    licence: 'CC BY-SA 4.0',
  };
}
