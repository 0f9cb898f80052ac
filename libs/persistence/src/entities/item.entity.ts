import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, HashAlgorithm, ItemKind } from '@hub/contracts';

@Entity('items')
export class ItemEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'incident_id' }) incidentId!: string;
  @Column('text') kind!: ItemKind;
  @Column('text', { name: 'dedup_key' }) dedupKey!: string;
  @Column('text', { nullable: true }) url!: string | null;
  @Column('text', { name: 'submitted_url', nullable: true }) submittedUrl!: string | null;
  @Column('text', { name: 'hash_algorithm', nullable: true }) hashAlgorithm!: HashAlgorithm | null;
  @Column('text', { name: 'hash_value', nullable: true }) hashValue!: string | null;
  @Column('smallint', { name: 'hash_quality', nullable: true }) hashQuality!: number | null;
  @Column('text', { name: 'account_platform', nullable: true }) accountPlatform!: string | null;
  @Column('text', { name: 'account_handle', nullable: true }) accountHandle!: string | null;
  @Column('text') channel!: Channel;
  @Column('text', { name: 'legal_reference', nullable: true }) legalReference!: string | null;
  @Column('text', { name: 'platform_key', nullable: true }) platformKey!: string | null;
  @Column('jsonb') metadata!: Record<string, unknown>;
  @Column('uuid', { array: true }) reporters!: string[];
  @Column('uuid', { name: 'variant_of', nullable: true }) variantOf!: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'purged_at', nullable: true }) purgedAt!: Date | null;
}
