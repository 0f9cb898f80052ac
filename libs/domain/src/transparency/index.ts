export * from './dsa.vocabulary';
export * from './statement.rules';
export * from './statement.draft';
export * from './statements.use-case';
