export * from './sign-in.ports';
export * from './session-secret';
export * from './claim-mapping';
export * from './sign-in.use-cases';
export * from './sign-in.views';
