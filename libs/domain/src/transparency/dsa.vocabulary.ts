/**
 * The DSA Transparency Database's submission vocabulary, pinned to the version read: API v2 (in force
 * since 1 July 2025), as documented in digital-services-act/transparency-database
 * `resources/markdown/api-documentation-two.md` and validated by `app/Http/Requests/StatementsStoreRequest.php`
 * and `app/Models/Statement.php` (read 2026-12-01). A later schema change means a new pin, not an edit in place.
 */
export const DSA_SCHEMA_VERSION = 'transparency-database API v2 (2025-07-01), read 2026-12-01';

export const DECISION_VISIBILITIES = [
  'DECISION_VISIBILITY_CONTENT_REMOVED',
  'DECISION_VISIBILITY_CONTENT_DISABLED',
  'DECISION_VISIBILITY_CONTENT_DEMOTED',
  'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_LABELLED',
  'DECISION_VISIBILITY_OTHER',
] as const;

export const DECISION_MONETARIES = [
  'DECISION_MONETARY_SUSPENSION',
  'DECISION_MONETARY_TERMINATION',
  'DECISION_MONETARY_OTHER',
] as const;

export const DECISION_PROVISIONS = [
  'DECISION_PROVISION_PARTIAL_SUSPENSION',
  'DECISION_PROVISION_TOTAL_SUSPENSION',
  'DECISION_PROVISION_PARTIAL_TERMINATION',
  'DECISION_PROVISION_TOTAL_TERMINATION',
] as const;

export const DECISION_ACCOUNTS = ['DECISION_ACCOUNT_SUSPENDED', 'DECISION_ACCOUNT_TERMINATED'] as const;
export const ACCOUNT_TYPES = ['ACCOUNT_TYPE_BUSINESS', 'ACCOUNT_TYPE_PRIVATE'] as const;

export const DECISION_GROUNDS = [
  'DECISION_GROUND_ILLEGAL_CONTENT',
  'DECISION_GROUND_INCOMPATIBLE_CONTENT',
] as const;

export const DSA_CONTENT_TYPES = [
  'CONTENT_TYPE_APP',
  'CONTENT_TYPE_AUDIO',
  'CONTENT_TYPE_IMAGE',
  'CONTENT_TYPE_PRODUCT',
  'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT',
  'CONTENT_TYPE_VIDEO',
  'CONTENT_TYPE_OTHER',
] as const;

/** v2's categories (v1's PORNOGRAPHY_OR_SEXUALIZED_CONTENT, NON_CONSENSUAL_BEHAVIOUR, ... are gone). */
export const STATEMENT_CATEGORIES = [
  'STATEMENT_CATEGORY_ANIMAL_WELFARE',
  'STATEMENT_CATEGORY_CONSUMER_INFORMATION',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN',
  'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
  'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE',
  'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_SELF_HARM',
  'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
  'STATEMENT_CATEGORY_VIOLENCE',
] as const;

/** The v2 keywords (category_specification) the hub can use; the validator accepts only these. */
export const KEYWORDS = [
  'KEYWORD_TERRORIST_CONTENT',
  'KEYWORD_ILLEGAL_ORGANIZATIONS',
  'KEYWORD_INCITEMENT_VIOLENCE_HATRED',
  'KEYWORD_COORDINATED_HARM',
  'KEYWORD_MISINFORMATION_DISINFORMATION',
  'KEYWORD_VIOLATION_EU_LAW',
  'KEYWORD_VIOLATION_NATIONAL_LAW',
  'KEYWORD_HATE_SPEECH',
  'KEYWORD_OTHER',
] as const;

export const SOURCE_TYPES = [
  'SOURCE_ARTICLE_16',
  'SOURCE_TRUSTED_FLAGGER',
  'SOURCE_TYPE_OTHER_NOTIFICATION',
  'SOURCE_VOLUNTARY',
] as const;

export const YES_NO = ['Yes', 'No'] as const;
export const AUTOMATED_DECISIONS = [
  'AUTOMATED_DECISION_FULLY',
  'AUTOMATED_DECISION_PARTIALLY',
  'AUTOMATED_DECISION_NOT_AUTOMATED',
] as const;

/** EuropeanCountriesService::EUROPEAN_COUNTRY_CODES: the EU 27 and the EEA's IS, LI, NO. */
export const EUROPEAN_COUNTRY_CODES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IS',
  'LI',
  'NO',
] as const;

/** Length limits (characters) from the validation rules. */
export const DSA_LIMITS = {
  other: 500,
  legalGround: 500,
  explanation: 2000,
  facts: 5000,
  puid: 500,
  referenceUrl: 500,
  sourceIdentity: 500,
} as const;

/** The batch endpoint (`POST /api/v2/statements`) takes at most this many statements a call. */
export const DSA_BATCH_SIZE = 100;

type Of<T extends readonly string[]> = T[number];

/** One statement as the batch endpoint takes it; optional fields are omitted rather than null. */
export interface DsaStatement {
  decision_visibility?: Of<typeof DECISION_VISIBILITIES>[];
  decision_visibility_other?: string;
  decision_monetary?: Of<typeof DECISION_MONETARIES>;
  decision_provision?: Of<typeof DECISION_PROVISIONS>;
  decision_account?: Of<typeof DECISION_ACCOUNTS>;
  account_type?: Of<typeof ACCOUNT_TYPES>;
  decision_ground: Of<typeof DECISION_GROUNDS>;
  decision_ground_reference_url?: string;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: Of<typeof YES_NO>;
  category: Of<typeof STATEMENT_CATEGORIES>;
  category_specification?: Of<typeof KEYWORDS>[];
  content_type?: Of<typeof DSA_CONTENT_TYPES>[];
  content_type_other?: string;
  content_language?: string;
  content_date?: string;
  application_date: string;
  end_date_visibility_restriction?: string;
  end_date_account_restriction?: string;
  territorial_scope?: Of<typeof EUROPEAN_COUNTRY_CODES>[];
  decision_facts: string;
  source_type: Of<typeof SOURCE_TYPES>;
  source_identity?: string;
  automated_detection: Of<typeof YES_NO>;
  automated_decision: Of<typeof AUTOMATED_DECISIONS>;
  puid: string;
}
