export * from './distribution';
export * from './federation.model';
export * from './federation.ports';
export * from './federation-feed';
export * from './federation-event.parse';
export * from './apply-federation.use-case';
export * from './peers.use-cases';
export * from './federation-sync.use-cases';
