export * from './duration';
export * from './scenario.source';
export * from './scenario.parse';
export * from './exercise.clock';
export * from './exercise.score';
