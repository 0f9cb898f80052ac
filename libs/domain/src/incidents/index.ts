export * from './incident.machine';
export * from './containment.machine';
export * from './percentile';
export * from './resolve-incident.use-case';
