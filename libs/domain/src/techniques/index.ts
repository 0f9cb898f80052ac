export * from './disarm-techniques';
