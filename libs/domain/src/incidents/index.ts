export * from './incident.machine';
export * from './containment.machine';
