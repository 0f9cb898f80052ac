export * from './entities';
export * from './data-source';
export * from './pg-errors';
export * from './repositories/identity.repository';
export * from './repositories/incident.store';
export * from './repositories/incident.queries';
export * from './repositories/audit.log';
export * from './repositories/event-log';
export * from './repositories/row-mappers';
export * from './repositories/pdq.source';
// --- exercises ---
export * from './repositories/exercise.repository';
// --- end exercises ---
export * from './relay/relay.repository';
