export * from './url.canonical';
export * from './hash.parse';
export * from './pdq.index';
export * from './vpdq.frames';
export * from './url.rules';
export * from './url.rules.load';
