export * from './incident.machine';
export * from './containment.machine';
export * from './percentile';
