import type { MemberRecord } from '@hub/domain';
import { sql } from '../sql/sql';

/** A new member's row, as every path that creates one (by token or by sign-in) writes it. */
export const insertMember = (m: MemberRecord) => sql`
  INSERT INTO members (id, organisation_id, display_name, role, active, created_at)
  VALUES (${m.id}, ${m.organisationId}, ${m.displayName}, ${m.role}, ${m.active}, ${m.createdAt})`;
