export * from './narrative.model';
export * from './narrative';
