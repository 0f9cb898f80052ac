import { IsIn, IsOptional } from 'class-validator';
import { LANGUAGES, type Language } from '../enums';

/** The sentence that names the supported languages in every refusal of an unknown code. */
export const SUPPORTED_LANGUAGES_MESSAGE = `must be one of ${LANGUAGES.join(', ')}`;

/** `PATCH /me`: what the caller changes of themselves, for now the language they read the hub in. */
export class UpdateMeDto {
  @IsIn(LANGUAGES, { message: `language ${SUPPORTED_LANGUAGES_MESSAGE}` })
  language!: Language;
}

/** `?lang=` of a document the hub writes for people (reports). */
export class LanguageQuery {
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang ${SUPPORTED_LANGUAGES_MESSAGE}` })
  lang?: Language;
}
