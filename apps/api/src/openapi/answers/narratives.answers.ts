import type { NarrativeView, TechniqueListView, TechniqueView } from '@hub/contracts';
import { arrayOf, named, object, optional, string } from './answer-schema';

export const NarrativeViewSchema = named(
  'NarrativeView',
  object<NarrativeView>(
    {
      title: string(),
      description: optional(string()),
      keywords: arrayOf(string()),
      languages: arrayOf(string()),
      examples: arrayOf(string()),
    },
    'A claim or trend: its example URLs canonicalised, never fetched.',
  ),
);

export const TechniqueListSchema = named(
  'TechniqueList',
  object<TechniqueListView>(
    {
      items: arrayOf(
        object<TechniqueView>({
          id: string({ example: 'T0022.001' }),
          name: string(),
          tactic: string({ example: 'TA14' }),
        }),
      ),
      source: string(),
      licence: string(),
    },
    'The DISARM Red Framework’s techniques and sub-techniques an item may name.',
  ),
);
