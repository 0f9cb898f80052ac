export * from './vpdq-frame';
export * from './vpdq-lines';
export * from './vpdq-match';
export * from './borders';
