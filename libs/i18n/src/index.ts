export * from './languages';
export * from './catalogues';
export * from './translate';
export * from './format';
