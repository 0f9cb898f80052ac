export * from './election.model';
export * from './election.ports';
export * from './election.rules';
export * from './election.access';
export * from './election.views';
export * from './elections.use-cases';
export * from './warnings.use-cases';
export * from './warning-mail.use-case';
