import type { Language } from './languages';
import de from '../catalogues/de.json';
import en from '../catalogues/en.json';
import es from '../catalogues/es.json';
import fr from '../catalogues/fr.json';
import it from '../catalogues/it.json';
import nl from '../catalogues/nl.json';
import pl from '../catalogues/pl.json';

/** Every key of the catalogues: English is the reference the others must match (catalogue.spec.ts). */
export type MessageKey = keyof typeof en;

export type Catalogue = Readonly<Record<string, string>>;

/** The server's catalogues, all loaded; the console loads one language's JSON file at a time. */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, fr, de, nl, it, es, pl };
