export * from './bank.model';
export * from './bank.access';
export * from './bank.views';
export * from './signal.parse';
export * from './bank-import.formats';
export * from './banks.use-cases';
export * from './bank.matcher';
export * from './check-item.use-case';
