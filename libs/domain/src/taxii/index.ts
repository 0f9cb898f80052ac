export * from './taxii.model';
export * from './taxii.query';
export * from './taxii.cursor';
export * from './taxii-incident.objects';
export * from './taxii-bank.objects';
export * from './taxii.use-cases';
export * from './taxii-import.use-case';
export * from './taxii-report-refs';
