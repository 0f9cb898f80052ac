export * from './api.module';
export * from './configure-http';
export * from './http/console-static';
export * from './openapi/openapi-document';
