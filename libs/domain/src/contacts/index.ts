export * from './contact.model';
export * from './contacts.use-cases';
