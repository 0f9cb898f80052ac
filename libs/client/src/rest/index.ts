export * from './hub-error';
export * from './hub-http';
export * from './hub-client';
export * from './openapi';
