import { Module } from '@nestjs/common';
import { PgAuditLog } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { AUDIT_LOG } from '../tokens';

const providers = [provide(AUDIT_LOG, [DataSource], (db) => new PgAuditLog(db))];

/** The audit trail: the event log's hash chain, verified on demand. */
@Module({ providers, exports: [AUDIT_LOG] })
export class AuditModule {}
