import { statementViolations } from './statement.rules';

/** A statement the database accepts, to take apart field by field. */
const valid = (): Record<string, unknown> => ({
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
  illegal_content_legal_ground: 'Regulation (EU) 2021/784, Article 3',
  illegal_content_explanation: 'Terrorist content under the order.',
  category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  category_specification: ['KEYWORD_TERRORIST_CONTENT'],
  content_type: ['CONTENT_TYPE_VIDEO'],
  content_date: '2026-11-30',
  application_date: '2026-12-01',
  territorial_scope: ['BE', 'FR'],
  decision_facts: 'Removed after an order.',
  source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
  automated_detection: 'No',
  automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
  puid: 'crisis-hub_0b6c1a56-7b2c-4f7e-9d7e-0a1b2c3d4e5f',
});
const fields = (s: Record<string, unknown>) => statementViolations(s).map((v) => v.field);
const without = (field: string) => {
  const s = valid();
  delete s[field];
  return s;
};

describe('the Transparency Database rules', () => {
  it('accept a complete statement', () => {
    expect(statementViolations(valid())).toEqual([]);
  });

  it.each([
    'decision_ground',
    'category',
    'content_type',
    'content_date',
    'application_date',
    'territorial_scope',
    'decision_facts',
    'source_type',
    'automated_detection',
    'automated_decision',
    'puid',
  ])('require %s', (field) => {
    expect(fields(without(field))).toContain(field);
  });

  it('require one of the four decisions, any one of which is enough', () => {
    expect(fields(without('decision_visibility'))).toContain('decision_visibility');
    expect(
      fields({ ...without('decision_visibility'), decision_account: 'DECISION_ACCOUNT_SUSPENDED' }),
    ).toEqual([]);
  });

  it('require the legal ground and explanation for illegal content, and refuse the contractual ones', () => {
    expect(fields(without('illegal_content_legal_ground'))).toEqual(['illegal_content_legal_ground']);
    expect(fields(without('illegal_content_explanation'))).toEqual(['illegal_content_explanation']);
    expect(fields({ ...valid(), incompatible_content_ground: 'ToS 4.2' })).toEqual([
      'incompatible_content_ground',
    ]);
  });

  it('require the contractual ground and explanation for incompatible content', () => {
    const s = valid();
    delete s.illegal_content_legal_ground;
    delete s.illegal_content_explanation;
    s.decision_ground = 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
    expect(fields(s)).toEqual(['incompatible_content_ground', 'incompatible_content_explanation']);
    Object.assign(s, {
      incompatible_content_ground: 'ToS 4.2',
      incompatible_content_explanation: 'Violent content.',
    });
    expect(fields(s)).toEqual([]);
    expect(fields({ ...s, incompatible_content_illegal: 'Maybe' })).toEqual(['incompatible_content_illegal']);
  });

  it('require the "other" specifications only with the "other" values', () => {
    expect(fields({ ...valid(), content_type: ['CONTENT_TYPE_OTHER'] })).toEqual(['content_type_other']);
    expect(fields({ ...valid(), content_type: ['CONTENT_TYPE_OTHER'], content_type_other: 'PDF' })).toEqual(
      [],
    );
    expect(fields({ ...valid(), content_type_other: 'PDF' })).toEqual(['content_type_other']);
    expect(fields({ ...valid(), decision_visibility: ['DECISION_VISIBILITY_OTHER'] })).toEqual([
      'decision_visibility_other',
    ]);
  });

  it.each([
    ['decision_visibility', ['DECISION_VISIBILITY_CONTENT_GEOBLOCKED']],
    ['decision_ground', 'DECISION_GROUND_OTHER'],
    ['category', 'STATEMENT_CATEGORY_TERRORISM'],
    ['category_specification', ['KEYWORD_NOT_A_KEYWORD']],
    ['content_type', ['CONTENT_TYPE_LIVESTREAM']],
    ['source_type', 'SOURCE_AUTHORITY_ORDER'],
    ['automated_detection', 'no'],
    ['automated_decision', 'No'],
    ['territorial_scope', ['US']],
    ['content_language', 'en'],
    ['decision_ground_reference_url', 'not a url'],
  ])('refuse %s = %j', (field, value) => {
    expect(fields({ ...valid(), [field]: value })).toContain(field);
  });

  it.each([
    ['illegal_content_legal_ground', 500],
    ['illegal_content_explanation', 2000],
    ['decision_facts', 5000],
    ['puid', 500],
  ])('limit %s to %d characters', (field, max) => {
    expect(fields({ ...valid(), [field]: 'a'.repeat(max) })).toEqual([]);
    expect(fields({ ...valid(), [field]: 'a'.repeat(max + 1) })).toEqual([field]);
  });

  it('take dates as YYYY-MM-DD within the database’s range, and no end before the start', () => {
    expect(fields({ ...valid(), application_date: '2026-12-01-10' })).toEqual(['application_date']);
    expect(fields({ ...valid(), application_date: '2019-12-31' })).toEqual(['application_date']);
    expect(fields({ ...valid(), content_date: '1999-12-31' })).toEqual(['content_date']);
    expect(fields({ ...valid(), end_date_visibility_restriction: '2026-11-30' })).toEqual([
      'end_date_visibility_restriction',
    ]);
  });

  it('take a PUID of letters, digits, - and _ only', () => {
    expect(fields({ ...valid(), puid: 'hub item/1' })).toEqual(['puid']);
  });
});
