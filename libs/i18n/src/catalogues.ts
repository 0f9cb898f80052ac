import type { Language } from './languages';
import type { Catalogue } from './translate';
import { registerCatalogue } from './translate';
import de from '../catalogues/de.json';
import en from '../catalogues/en.json';
import es from '../catalogues/es.json';
import fr from '../catalogues/fr.json';
import it from '../catalogues/it.json';
import nl from '../catalogues/nl.json';
import pl from '../catalogues/pl.json';

export type { Catalogue, MessageKey } from './translate';

/**
 * The server's catalogues, all loaded and registered when this module is: e-mails, receipt pages and
 * reports may be in any language at any moment. The console registers one language's file at a time.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, fr, de, nl, it, es, pl };

for (const [language, catalogue] of Object.entries(CATALOGUES))
  registerCatalogue(language as Language, catalogue);
