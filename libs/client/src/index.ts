export * from './rest-client';
export * from './seed-demo';
export * from './room-client';
