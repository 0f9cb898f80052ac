export * from './mail.ports';
export * from './mail.plan';
export * from './mail.compose';
export * from './receipt-link';
export * from './send-mail-batch.use-case';
export * from './receipts.use-cases';
