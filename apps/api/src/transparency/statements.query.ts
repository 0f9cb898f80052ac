import { IsOptional, IsUUID, Matches } from 'class-validator';

/** `GET /incidents/:id/statements-of-reasons`: whose statements, and after which item (the `next` cursor). */
export class StatementsQuery {
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'platformKey must be a platform key like videoshare' })
  platformKey!: string;

  @IsOptional()
  @IsUUID()
  after?: string;
}
