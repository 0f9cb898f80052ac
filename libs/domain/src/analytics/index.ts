export * from './analytics.ports';
export * from './response-times.use-case';
export * from './bulletin.use-case';
export * from './bulletin.document';
