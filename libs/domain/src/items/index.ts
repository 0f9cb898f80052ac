export * from './url.canonical';
export * from './url.rules';
export * from './url.rules.load';
export * from './hash.parse';
export * from './vpdq.frames';
