import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Category, IncidentLevel, IncidentMode, IncidentStatus } from '@hub/contracts';

@Entity('incidents')
export class IncidentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') ref!: string;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  @Column('text') category!: Category;
  @Column('text') protocol!: string;
  @Column('text') level!: IncidentLevel;
  @Column('text') mode!: IncidentMode;
  @Column('text') status!: IncidentStatus;
  @Column('uuid', { array: true }) participants!: string[];
  @Column('text', { array: true }) platforms!: string[];
  @Column('text', { array: true }) criteria!: string[];
  @Column('text', { nullable: true }) rationale!: string | null;
  @Column('text', { name: 'closing_summary', nullable: true }) closingSummary!: string | null;
  @Column('text', { name: 'review_summary', nullable: true }) reviewSummary!: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('integer', { name: 'last_seq' }) lastSeq!: number;
}
