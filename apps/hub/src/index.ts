export * from './hub.parts';
