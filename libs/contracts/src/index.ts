// The DTOs' decorators read type metadata: load the polyfill wherever the contracts are.
import 'reflect-metadata';

export * from './enums';
export * from './limits';
export * from './page.dto';
export * from './identity.dto';
export * from './incident.dto';
export * from './item.dto';
export * from './narratives/narrative.dto';
export * from './export.dto';
export * from './bank.dto';
export * from './socket';
export * from './queues';
export * from './exercise.dto';
export * from './contact.dto';
export * from './languages/language.dto';
export * from './sign-in.dto';
export * from './sign-in-cookies';
export * from './taxii/taxii.dto';
export * from './analytics/analytics.dto';
export * from './elections/election.dto';
export * from './federation/federation.dto';
