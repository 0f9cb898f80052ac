import type { Category, CellStatus } from '@hub/contracts';
import type { CellRecord, IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { DsaStatement } from './dsa.vocabulary';
import { DSA_LIMITS } from './dsa.vocabulary';
import { statementViolations } from './statement.rules';

/** A drafted statement, and whether the database would take it as it is. */
export interface StatementDraft {
  itemId: string;
  platformKey: string;
  statement: DsaStatement;
  /** True only when every field the database requires is present and valid. */
  complete: boolean;
  /** The fields the hub does not know (or could not fill validly): the platform supplies them. */
  missing: string[];
  /** A removal order is an order of an authority, which Article 17 DSA does not cover: the platform decides. */
  authorityOrder: boolean;
  /** Drafted in a tabletop exercise: a rehearsal, never to be filed, so never complete. */
  exercise: boolean;
}

/** The outcomes a statement of reasons is drafted for. */
export const STATEMENT_OUTCOMES: readonly CellStatus[] = ['removed', 'restricted', 'labelled', 'demoted'];

/** The hub's category, as the database's category and keyword. */
const CATEGORY: Record<Category, Pick<DsaStatement, 'category' | 'category_specification'>> = {
  terrorist_content: {
    category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
    category_specification: ['KEYWORD_TERRORIST_CONTENT'],
  },
  violent_extremism: {
    category: 'STATEMENT_CATEGORY_VIOLENCE',
    category_specification: ['KEYWORD_INCITEMENT_VIOLENCE_HATRED'],
  },
  election_integrity: {
    category: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
    category_specification: ['KEYWORD_MISINFORMATION_DISINFORMATION'],
  },
  other: { category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' },
};

/** The item's content type (hub vocabulary) as the database's; a livestream is a video. */
const CONTENT_TYPE: Record<string, Pick<DsaStatement, 'content_type' | 'content_type_other'>> = {
  video: { content_type: ['CONTENT_TYPE_VIDEO'] },
  livestream: { content_type: ['CONTENT_TYPE_VIDEO'] },
  image: { content_type: ['CONTENT_TYPE_IMAGE'] },
  audio: { content_type: ['CONTENT_TYPE_AUDIO'] },
  text: { content_type: ['CONTENT_TYPE_TEXT'] },
  pdf: { content_type: ['CONTENT_TYPE_OTHER'], content_type_other: 'PDF document' },
};

const OUTCOME_WORDS: Record<string, string> = {
  removed: 'removed the content',
  restricted: 'disabled access to the content',
  labelled: 'labelled the content',
  demoted: 'demoted the content',
};
const CHANNEL_WORDS: Record<string, string> = {
  removal_order: 'a removal order of a competent authority',
  referral: 'a referral by a competent authority, for assessment against the provider’s terms',
  alert: 'an alert shared among the participants of a crisis protocol',
};

const day = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * One statement of reasons for one cell the platform removed, restricted, labelled or demoted, from what the hub
 * knows. Nothing is invented: a fact the hub lacks is left out and named in `missing`, and the draft is
 * complete only if the database's own rules pass. No personal data: no URL, handle or name goes in.
 */
export function draftStatement(incident: IncidentRecord, item: ItemRecord, cell: CellRecord): StatementDraft {
  const missing: string[] = [];
  const exercise = incident.mode === 'exercise';
  const orderOfAuthority = item.channel === 'removal_order';
  const account = item.kind === 'account';
  const statement: DsaStatement = {
    ...decisionOf(cell.status, account),
    // A removal order states the law; a referral or alert asks the platform to apply its own terms.
    decision_ground: orderOfAuthority
      ? 'DECISION_GROUND_ILLEGAL_CONTENT'
      : 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    ...CATEGORY[incident.category],
    application_date: day(cell.actedAt ?? cell.updatedAt),
    decision_facts:
      `The provider ${OUTCOME_WORDS[cell.status] ?? 'restricted the content'} after ${CHANNEL_WORDS[item.channel]}, ` +
      `coordinated through a cross-border crisis protocol (incident ${incident.ref}, ${incident.category.replace(/_/g, ' ')}). ` +
      'A person at the provider assessed the content and took the decision.',
    // The DSA database: orders of authorities are "other notifications", never Article 16 notices; referrals
    // and alerts reach the platform outside Article 16 too, and the hub cannot know whether an authority
    // holds trusted-flagger status with this platform, so it does not claim it.
    source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
    // The hub records a person's outcome (a liaison, or a receipt through a signed link).
    automated_detection: 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    // Stable and unique within the platform: one cell per item and platform.
    puid: `${exercise ? 'crisis-hub-exercise' : 'crisis-hub'}_${item.id}`,
  };

  if (orderOfAuthority) {
    const ground = item.legalReference?.trim();
    if (ground && ground.length <= DSA_LIMITS.legalGround) statement.illegal_content_legal_ground = ground;
    else missing.push('illegal_content_legal_ground');
    statement.illegal_content_explanation =
      'A competent authority ordered the removal of, or the disabling of access to, this content as illegal under the legal ground given.';
  } else {
    // The clause of its terms is the platform's to name; the liaison's reason, if any, is the best the hub has.
    const clause = cell.reason?.trim();
    if (clause && clause.length <= DSA_LIMITS.legalGround) statement.incompatible_content_ground = clause;
    else missing.push('incompatible_content_ground');
    statement.incompatible_content_explanation =
      'The provider assessed the content against its terms and conditions and found it incompatible with them.';
  }

  const type = item.metadata?.contentType;
  const contentType = typeof type === 'string' ? CONTENT_TYPE[type] : undefined;
  if (contentType) Object.assign(statement, contentType);
  else missing.push('content_type');
  const language = item.metadata?.language;
  if (typeof language === 'string' && /^[a-z]{2}(-|$)/i.test(language))
    statement.content_language = language.slice(0, 2).toUpperCase();

  // The hub never sees the content: when it was posted and where the restriction applies are the platform's.
  missing.push('content_date', 'territorial_scope');

  const violations = statementViolations(statement as unknown as Record<string, unknown>);
  for (const v of violations) if (!missing.includes(v.field)) missing.push(v.field);
  return {
    itemId: item.id,
    platformKey: cell.platformKey,
    statement,
    complete: missing.length === 0 && !exercise,
    missing,
    authorityOrder: orderOfAuthority,
    exercise,
  };
}

/** Removal and restriction of an account are account decisions; a label stays a visibility decision. */
function decisionOf(status: CellStatus, account: boolean): Partial<DsaStatement> {
  if (account && status === 'removed') return { decision_account: 'DECISION_ACCOUNT_TERMINATED' };
  if (account && status === 'restricted') return { decision_account: 'DECISION_ACCOUNT_SUSPENDED' };
  if (status === 'removed') return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] };
  // "restricted" in the hub is geo-blocking or age-gating; the hub does not know which, and disabling access
  // is the database's wording for a restriction that leaves the content in place.
  if (status === 'restricted') return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'] };
  if (status === 'demoted') return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_DEMOTED'] };
  return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'] };
}
