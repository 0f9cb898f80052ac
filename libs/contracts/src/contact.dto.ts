import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { LANGUAGES } from './enums';
import { SUPPORTED_LANGUAGES_MESSAGE } from './languages/language.dto';
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
  // The languages the hub writes e-mails in (its catalogues): the first one is the contact's e-mails'.
  @IsIn(LANGUAGES, { each: true, message: `languages ${SUPPORTED_LANGUAGES_MESSAGE}` })
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
