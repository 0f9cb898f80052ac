import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('incident_events')
export class IncidentEventEntity {
  /** bigserial: kept as a string so ids beyond 2^53 stay exact. */
  @PrimaryColumn('bigint') id!: string;
  @Column('uuid', { name: 'incident_id' }) incidentId!: string;
  @Column('integer') seq!: number;
  @Column('text') type!: string;
  @Column('uuid', { name: 'actor_member_id', nullable: true }) actorMemberId!: string | null;
  @Column('uuid', { name: 'actor_organisation_id', nullable: true }) actorOrganisationId!: string | null;
  @Column('jsonb') data!: Record<string, unknown>;
  @Column('timestamptz') at!: Date;
  @Column('char', { name: 'prev_hash', length: 64 }) prevHash!: string;
  @Column('char', { length: 64 }) hash!: string;
}
