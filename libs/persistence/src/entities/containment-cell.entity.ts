import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CellStatus } from '@hub/contracts';

@Entity('containment_cells')
export class ContainmentCellEntity {
  @PrimaryColumn('uuid', { name: 'item_id' }) itemId!: string;
  @PrimaryColumn('text', { name: 'platform_key' }) platformKey!: string;
  @Column('uuid', { name: 'incident_id' }) incidentId!: string;
  @Column('text') status!: CellStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { name: 'ack_due_at', nullable: true }) ackDueAt!: Date | null;
  @Column('timestamptz', { name: 'action_due_at', nullable: true }) actionDueAt!: Date | null;
  @Column('timestamptz', { name: 'notified_at', nullable: true }) notifiedAt!: Date | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'acted_at', nullable: true }) actedAt!: Date | null;
  @Column('timestamptz', { name: 'paused_at', nullable: true }) pausedAt!: Date | null;
  @Column('integer', { name: 'overdue_count' }) overdueCount!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
