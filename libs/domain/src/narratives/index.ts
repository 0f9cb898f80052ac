export * from './narrative';
