import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '../limits';

/** A DISARM Red Framework technique id (`T0022`, `T0022.001`); the hub checks it against the framework. */
export const DISARM_ID = /^[Tt]\d{4}(\.\d{3})?$/;

/** A claim or trend ("marking two boxes counts double") rather than one URL. */
export class NarrativeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.narrativeTitle)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.narrativeDescription)
  description?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.narrativeKeywords)
  @IsString({ each: true })
  @MaxLength(LIMITS.narrativeKeyword, { each: true })
  keywords?: string[];

  /** ISO 639-1 codes. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.narrativeLanguages)
  @Matches(/^[A-Za-z]{2}$/, { each: true, message: 'each of narrative.languages must be an ISO 639-1 code' })
  languages?: string[];

  /** Example URLs: canonicalised, never fetched. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.narrativeExamples)
  @IsString({ each: true })
  @MaxLength(LIMITS.url, { each: true })
  examples?: string[];
}

export interface NarrativeView {
  title: string;
  description?: string;
  keywords: string[];
  languages: string[];
  examples: string[];
}

/** One technique of the DISARM Red Framework, as `GET /techniques` lists them. */
export interface TechniqueView {
  id: string;
  name: string;
  tactic: string;
}

export interface TechniqueListView {
  items: TechniqueView[];
  source: string;
  licence: string;
}
