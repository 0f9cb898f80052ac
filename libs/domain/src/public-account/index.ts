export * from './public-account.use-case';
export * from './public-account.document';
