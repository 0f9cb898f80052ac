export * from './rest-client';
export * from './seed-demo';
