// What a browser loads of the contracts: the vocabulary, the limits and the shapes. The DTO classes (and
// their validators) stay on the server; type-only exports vanish from the bundle.
export * from './enums';
export * from './limits';
export * from './room';
export type * from './identity.dto';
export type * from './incident.dto';
export type * from './item.dto';
export type * from './narratives/narrative.dto';
export type * from './exercise.dto';
export type * from './socket';
export type * from './bank.dto';
export type * from './contact.dto';
export type * from './languages/language.dto';
export * from './sign-in-cookies';
export type * from './sign-in.dto';
export type * from './export.dto';
export type * from './analytics/analytics.dto';
export type * from './elections/election.dto';
export type * from './federation/federation.dto';
