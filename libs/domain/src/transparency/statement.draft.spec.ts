import type { CellStatus, Channel } from '@hub/contracts';
import type { CellRecord, ItemRecord } from '../incidents/incident.model';
import { reportFixture } from '@hub/testing';
import { draftStatement, STATEMENT_OUTCOMES } from './statement.draft';
import { statementViolations } from './statement.rules';

const { CELLS, INCIDENT, ITEMS, SECRETS } = reportFixture;

const item = (fields: Partial<ItemRecord>): ItemRecord => ({ ...ITEMS[0], ...fields });
const cell = (status: CellStatus, fields: Partial<CellRecord> = {}): CellRecord => ({
  ...CELLS[0],
  status,
  ...fields,
});
/** What the platform adds to a draft: the facts only it knows. */
const supplied = (missing: string[]) =>
  Object.fromEntries(
    missing.map((field) => [
      field,
      {
        content_date: '2025-02-28',
        territorial_scope: ['BE', 'FR'],
        content_type: ['CONTENT_TYPE_VIDEO'],
        illegal_content_legal_ground: 'Regulation (EU) 2021/784, Article 3',
        incompatible_content_ground: 'Community guidelines, violent extremism',
      }[field],
    ]),
  );

describe('a drafted statement of reasons', () => {
  const channels: Channel[] = ['removal_order', 'referral', 'alert'];
  const kinds = ['url', 'hash', 'account'] as const;
  const types = ['video', 'livestream', 'image', 'audio', 'text', 'pdf', undefined];
  const cases = STATEMENT_OUTCOMES.flatMap((status) =>
    channels.flatMap((channel) =>
      kinds.flatMap((kind) => types.map((contentType) => ({ status, channel, kind, contentType }))),
    ),
  );

  it.each(cases)(
    'for $status after a $channel ($kind, $contentType) names what is missing, and passes once it is supplied',
    ({ status, channel, kind, contentType }) => {
      const draft = draftStatement(
        INCIDENT,
        item({ kind, channel, metadata: contentType ? { contentType } : {} }),
        cell(status),
      );
      // Never complete while the database would refuse it: each violation is a named missing field.
      const violations = statementViolations(draft.statement as unknown as Record<string, unknown>);
      expect(draft.complete).toBe(false);
      expect(draft.missing).toEqual(expect.arrayContaining(violations.map((v) => v.field)));
      expect(draft.missing).toEqual(expect.arrayContaining(['content_date', 'territorial_scope']));
      const filled = { ...draft.statement, ...supplied(draft.missing) };
      expect(statementViolations(filled)).toEqual([]);
    },
  );

  it('maps a removal order to illegal content, an authority’s notification, the order’s legal ground', () => {
    const draft = draftStatement(INCIDENT, ITEMS[0], CELLS[0]);
    expect(draft.statement).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: ITEMS[0].legalReference,
      category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
      category_specification: ['KEYWORD_TERRORIST_CONTENT'],
      content_type: ['CONTENT_TYPE_VIDEO'],
      content_language: 'EN',
      application_date: '2025-03-01',
      source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
      automated_detection: 'No',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      puid: 'crisis-hub_item-1',
    });
    expect(draft).toMatchObject({ authorityOrder: true, missing: ['content_date', 'territorial_scope'] });
  });

  it('maps restricted and labelled, and a referral to the platform’s own terms with its reason as the ground', () => {
    const referral = item({ channel: 'referral', legalReference: null });
    const restricted = draftStatement(INCIDENT, referral, cell('restricted', { reason: 'Guidelines §4' }));
    expect(restricted.statement).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Guidelines §4',
    });
    expect(restricted.statement).not.toHaveProperty('illegal_content_legal_ground');
    const labelled = draftStatement(INCIDENT, referral, cell('labelled'));
    expect(labelled.statement.decision_visibility).toEqual(['DECISION_VISIBILITY_CONTENT_LABELLED']);
    expect(labelled.missing).toContain('incompatible_content_ground');
    const demoted = draftStatement(INCIDENT, referral, cell('demoted'));
    expect(demoted.statement.decision_visibility).toEqual(['DECISION_VISIBILITY_CONTENT_DEMOTED']);
    expect(demoted.statement.decision_facts).toMatch(/^The provider demoted the content after/);
  });

  it('is never complete in an exercise, and says so', () => {
    const draft = draftStatement({ ...INCIDENT, mode: 'exercise' }, ITEMS[0], CELLS[0]);
    expect(draft).toMatchObject({ exercise: true, complete: false });
    expect(draft.statement.puid).toBe('crisis-hub-exercise_item-1');
    expect(draftStatement(INCIDENT, ITEMS[0], CELLS[0]).exercise).toBe(false);
  });

  it('carries no URL, hash, handle or member', () => {
    const text = JSON.stringify(
      ITEMS.map((i) => draftStatement(INCIDENT, i, cell('removed', { itemId: i.id }))),
    );
    expect(text).not.toContain('videoshare.example');
    expect(text).not.toContain('f'.repeat(16));
    expect(text).not.toContain(SECRETS.uploaderHandle);
    expect(text).not.toContain('=cmd()');
    expect(text).not.toContain(SECRETS.memberId);
  });
});
