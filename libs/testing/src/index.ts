export * from './test-database';
export * from './test-hub';
export * from './fixtures';
export * from './webhook-receiver';
export * from './processes';
export * from './browser';
export * from './unit';
