/** Injection tokens for values that are not classes. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const HUB_RUNTIME = Symbol('HUB_RUNTIME');
export const PROTOCOLS = Symbol('PROTOCOLS');
export const CLOCK = Symbol('CLOCK');
export const IDENTITY_REPOSITORY = Symbol('IDENTITY_REPOSITORY');
export const INCIDENT_STORE = Symbol('INCIDENT_STORE');
export const INCIDENT_QUERIES = Symbol('INCIDENT_QUERIES');
export const AUDIT_LOG = Symbol('AUDIT_LOG');
