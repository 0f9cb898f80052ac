import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { OrganisationKind } from '@hub/contracts';

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: OrganisationKind;
  @Column('char', { length: 2, nullable: true }) country!: string | null;
  @Column('text', { name: 'platform_key', nullable: true }) platformKey!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) domains!: string[];
  @Column('text', { name: 'webhook_url', nullable: true }) webhookUrl!: string | null;
  @Column('text', { name: 'webhook_secret', nullable: true }) webhookSecret!: string | null;
  @Column('text', { name: 'exercise_webhook_url', nullable: true }) exerciseWebhookUrl!: string | null;
  @Column('text', { name: 'exercise_webhook_secret', nullable: true }) exerciseWebhookSecret!: string | null;
  @Column('boolean', { default: false }) simulated!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
