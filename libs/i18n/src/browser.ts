// What a browser loads of the i18n library: the formatter and Intl helpers, no catalogue. The console
// registers English (the fallback) and the reader's language, each its own JSON file, with
// `registerCatalogue` (catalogues/<lang>.json).
export * from './languages';
export * from './translate';
export * from './format';
export type { Catalogue, MessageKey } from './translate';
