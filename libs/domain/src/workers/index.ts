export * from './relay.plan';
export * from './deliver-webhook.use-case';
export * from './check-deadline.use-case';
