import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { LIMITS } from './limits';

/** Contact tiers: 1 the duty desk, 2 a backup, 3 the head of trust and safety. */
export const CONTACT_TIERS = [1, 2, 3] as const;
export type ContactTier = (typeof CONTACT_TIERS)[number];

export class CreateContactDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.name)
  name!: string;

  @IsEmail(
    { allow_display_name: false, allow_ip_domain: false },
    { message: 'email must be an e-mail address' },
  )
  @MaxLength(LIMITS.email)
  email!: string;

  @IsIn(CONTACT_TIERS, { message: 'tier must be 1, 2 or 3' })
  tier!: ContactTier;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.contactLanguages)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    each: true,
    message: 'languages must be language tags such as en, fr or pt-BR',
  })
  languages?: string[];

  @IsOptional()
  @IsBoolean()
  exercise?: boolean;
}

/** A contact point as the API answers it (never in reports or exports). */
export interface ContactView {
  id: string;
  organisationId: string;
  name: string;
  email: string;
  tier: ContactTier;
  languages: string[];
  exercise: boolean;
  createdAt: string;
}
