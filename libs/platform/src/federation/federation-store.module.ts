import { Module } from '@nestjs/common';
import { PgFederationStore } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { FEDERATION_STORE } from '../tokens';

const stores = [provide(FEDERATION_STORE, [DataSource], (db) => new PgFederationStore(db))];

/** The peers' table and the feed's reads: what declaring an incident checks a distribution against. */
@Module({ providers: stores, exports: stores.map((p) => p.provide) })
export class FederationStoreModule {}
