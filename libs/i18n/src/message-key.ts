/** Every key of the catalogues: English is the reference the others must match (catalogue.spec.ts). */
export type MessageKey = keyof typeof import('../catalogues/en.json');

/** One language's messages: key to ICU MessageFormat source. */
export type Catalogue = Readonly<Record<string, string>>;
