export * from './admin-audit.model';
export * from './administration.ports';
export * from './administration.use-cases';
