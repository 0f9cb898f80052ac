import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('tokens')
export class TokenEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'member_id' }) memberId!: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  @Column('char', { name: 'token_hash', length: 64 }) tokenHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
