import type { AnswerChannel } from '@hub/contracts';

const CHANNEL_WORDS: Record<AnswerChannel, string> = {
  hub: 'in the hub',
  phone: 'by phone',
  meeting: 'in a meeting',
  email: 'by e-mail',
  letter: 'by letter',
};

/** What a `containment.updated` event says about how the answer came; fields absent in older events. */
export interface AnswerFacts {
  via?: AnswerChannel | null;
  reportedBy?: string | null;
  onBehalf?: boolean;
  contactId?: string | null;
}

/**
 * How a platform's answer reached the hub, in words the room and the report share: "answered by phone,
 * reported by the elections desk, recorded by a coordinator". `recorder` names who recorded it on the
 * platform's behalf (an organisation's name in the room; "a coordinator" in the report).
 */
export function answerNote(facts: AnswerFacts, recorder = 'a coordinator'): string {
  if (facts.contactId) return 'answered through an e-mailed receipt link';
  if (!facts.onBehalf) return 'answered in the hub';
  return [
    facts.via && facts.via !== 'hub' ? `answered ${CHANNEL_WORDS[facts.via]}` : 'answered outside the hub',
    ...(facts.reportedBy ? [`reported by ${facts.reportedBy}`] : []),
    `recorded by ${recorder}`,
  ].join(', ');
}
