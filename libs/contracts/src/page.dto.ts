import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from './limits';

/** Query strings arrive as text: a numeric parameter is converted before it is validated. */
export const NumericParam = (): PropertyDecorator =>
  Transform(({ value }) => (value === undefined ? undefined : Number(value)));

/** `?limit=&after=` of every cursor-paged list; lists with filters extend it. */
export class CursorPageQuery {
  @IsOptional()
  @NumericParam()
  @IsInt()
  @Min(1)
  @Max(LIMITS.pageSize)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}
