/**
 * What unit specs of the domain use: in-memory ports and nothing that starts a server, a database or a
 * browser (`@hub/testing` itself brings those in for the e2e tests).
 */
export * from './in-memory-incident.store';
export * from './in-memory-identity.repository';
export * from './domain-fixtures';
export * from './in-memory-administration.repository';
export * from './seeded-random';
export * from './elections/in-memory-election.store';
