// Shapes only: the item model (which the console's bundle reaches) names them without the URL code.
/** A claim or trend as shared: what platforms act on by labelling, demoting or removing its instances. */
export interface NarrativeInput {
  title: string;
  description?: string;
  keywords?: string[];
  languages?: string[];
  examples?: string[];
}

/** As stored in `items.narrative` and shown in item views. */
export interface NarrativeRecord {
  title: string;
  description?: string;
  keywords: string[];
  languages: string[];
  examples: string[];
}
