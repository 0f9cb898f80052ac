export * from './worker.module';
export * from './relay/relay.service';
