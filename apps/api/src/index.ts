export * from './api.module';
export * from './configure-http';
