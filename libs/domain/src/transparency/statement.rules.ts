import {
  ACCOUNT_TYPES,
  AUTOMATED_DECISIONS,
  DECISION_ACCOUNTS,
  DECISION_GROUNDS,
  DECISION_MONETARIES,
  DECISION_PROVISIONS,
  DECISION_VISIBILITIES,
  DSA_CONTENT_TYPES,
  DSA_LIMITS,
  EUROPEAN_COUNTRY_CODES,
  KEYWORDS,
  SOURCE_TYPES,
  STATEMENT_CATEGORIES,
  YES_NO,
} from './dsa.vocabulary';

export interface RuleViolation {
  field: string;
  message: string;
}

/**
 * The Transparency Database's validation rules for one statement of the batch endpoint (see the pin in
 * dsa.vocabulary.ts), as a function: required and conditionally required fields, enumerations, date formats
 * and ranges, lengths, the PUID's alphabet. An empty answer means the database would accept it (the keyword
 * list is the subset the hub uses, and ISO 639-1 language codes are checked by shape only).
 */
export function statementViolations(s: Record<string, unknown>): RuleViolation[] {
  const out: RuleViolation[] = [];
  const bad = (field: string, message: string) => out.push({ field, message });
  const present = (field: string) => s[field] !== undefined && s[field] !== null && s[field] !== '';
  const required = (field: string) => {
    if (!present(field)) bad(field, 'is required');
    return present(field);
  };
  const oneOf = (field: string, values: readonly string[]) => {
    if (present(field) && !values.includes(s[field] as string)) bad(field, 'is not an allowed value');
  };
  const allOf = (field: string, values: readonly string[], nonEmpty = false) => {
    if (!present(field)) return;
    const v = s[field];
    if (!Array.isArray(v) || (nonEmpty && v.length === 0)) return bad(field, 'must be a non-empty array');
    if (v.some((x) => !values.includes(x as string))) bad(field, 'holds a value that is not allowed');
  };
  const maxLength = (field: string, max: number) => {
    if (present(field) && (typeof s[field] !== 'string' || (s[field] as string).length > max))
      bad(field, `must be a string of at most ${max} characters`);
  };
  const date = (field: string, from: string) => {
    if (!present(field)) return;
    const v = s[field];
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
      return bad(field, 'must be a date YYYY-MM-DD');
    if (v < from || v > '2038-01-01') bad(field, `must be between ${from} and 2038-01-01`);
  };
  const requiredWhen = (cond: boolean, field: string, max: number) => {
    if (cond) required(field);
    else if (present(field)) bad(field, 'must be left out here');
    maxLength(field, max);
  };

  // At least one restriction, each from its list.
  const restrictions = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'];
  if (!restrictions.some(present)) bad('decision_visibility', 'one of the four decisions is required');
  allOf('decision_visibility', DECISION_VISIBILITIES, true);
  oneOf('decision_monetary', DECISION_MONETARIES);
  oneOf('decision_provision', DECISION_PROVISIONS);
  oneOf('decision_account', DECISION_ACCOUNTS);
  oneOf('account_type', ACCOUNT_TYPES);
  const visibility = Array.isArray(s.decision_visibility) ? (s.decision_visibility as unknown[]) : [];
  requiredWhen(
    visibility.includes('DECISION_VISIBILITY_OTHER'),
    'decision_visibility_other',
    DSA_LIMITS.other,
  );

  // The ground, and what each ground requires.
  if (required('decision_ground')) oneOf('decision_ground', DECISION_GROUNDS);
  const illegal = s.decision_ground === 'DECISION_GROUND_ILLEGAL_CONTENT';
  const incompatible = s.decision_ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  requiredWhen(illegal, 'illegal_content_legal_ground', DSA_LIMITS.legalGround);
  requiredWhen(illegal, 'illegal_content_explanation', DSA_LIMITS.explanation);
  requiredWhen(incompatible, 'incompatible_content_ground', DSA_LIMITS.legalGround);
  requiredWhen(incompatible, 'incompatible_content_explanation', DSA_LIMITS.explanation);
  if (present('incompatible_content_illegal')) {
    if (!incompatible) bad('incompatible_content_illegal', 'must be left out here');
    oneOf('incompatible_content_illegal', YES_NO);
  }
  if (present('decision_ground_reference_url')) {
    maxLength('decision_ground_reference_url', DSA_LIMITS.referenceUrl);
    if (!/^https?:\/\/[^\s]+$/i.test(String(s.decision_ground_reference_url)))
      bad('decision_ground_reference_url', 'must be a URL');
  }

  // What the content was.
  if (required('content_type')) allOf('content_type', DSA_CONTENT_TYPES, true);
  const types = Array.isArray(s.content_type) ? (s.content_type as unknown[]) : [];
  requiredWhen(types.includes('CONTENT_TYPE_OTHER'), 'content_type_other', DSA_LIMITS.other);
  if (required('category')) oneOf('category', STATEMENT_CATEGORIES);
  allOf('category_specification', KEYWORDS);
  if (present('content_language') && !/^[A-Z]{2}$/.test(String(s.content_language)))
    bad('content_language', 'must be an upper-case ISO 639-1 code');

  // Where and when (territorial_scope is required by the documentation, though the rule alone allows null).
  if (required('territorial_scope')) allOf('territorial_scope', EUROPEAN_COUNTRY_CODES, true);
  if (required('content_date')) date('content_date', '2000-01-01');
  if (required('application_date')) date('application_date', '2020-01-01');
  for (const end of ['end_date_visibility_restriction', 'end_date_account_restriction']) {
    date(end, '2020-01-01');
    if (present(end) && typeof s.application_date === 'string' && String(s[end]) < s.application_date)
      bad(end, 'must not be before the application date');
  }

  // Facts, source, automation, identifier.
  if (required('decision_facts')) maxLength('decision_facts', DSA_LIMITS.facts);
  if (required('source_type')) oneOf('source_type', SOURCE_TYPES);
  maxLength('source_identity', DSA_LIMITS.sourceIdentity);
  if (required('automated_detection')) oneOf('automated_detection', YES_NO);
  if (required('automated_decision')) oneOf('automated_decision', AUTOMATED_DECISIONS);
  if (required('puid')) {
    maxLength('puid', DSA_LIMITS.puid);
    if (!/^[A-Za-z0-9_-]+$/.test(String(s.puid))) bad('puid', 'may hold only a-z, A-Z, 0-9, - and _');
  }
  return out;
}
