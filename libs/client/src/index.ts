export * from './rest';
export * from './seed-demo';
export * from './room-client';
