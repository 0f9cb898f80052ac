export * from './set-member-language.use-case';
