import type { EventView } from '@hub/contracts';
import { term, tr } from '../language';

/** The turns and flips of a picture match, as the catalogue words them. */
const TURNS: Record<string, () => string> = {
  rotate90: () => tr('console.turn.rotate', { degrees: 90 }),
  rotate180: () => tr('console.turn.rotate', { degrees: 180 }),
  rotate270: () => tr('console.turn.rotate', { degrees: 270 }),
  flipX: () => tr('console.turn.mirrored', { name: 'flipX' }),
  flipY: () => tr('console.turn.mirrored', { name: 'flipY' }),
  flipPlus1: () => tr('console.turn.diagonal', { name: 'flipPlus1' }),
  flipMinus1: () => tr('console.turn.diagonal', { name: 'flipMinus1' }),
};

const pct = (value: unknown) => Math.round(Number(value) * 10) / 10;

/**
 * How a platform's answer reached the hub (the room's words for the domain's `answerNote`): through an
 * e-mailed link, in the hub, or told a coordinator by phone, in a meeting or by letter.
 */
function answerNote(d: Record<string, any>, who: string): string {
  if (d.contactId) return tr('console.answer.receipt');
  if (!d.onBehalf) return tr('console.answer.inHub');
  return [
    d.via && d.via !== 'hub' ? tr('console.answer.via', { via: d.via }) : tr('console.answer.outside'),
    ...(d.reportedBy ? [tr('console.answer.reportedBy', { name: d.reportedBy })] : []),
    tr('console.answer.recordedBy', { name: who }),
  ].join(', ');
}

/** A coordinator's record on a platform's behalf: by whom, and how the platform answered when it was said. */
function recordedFor(d: Record<string, any>, who: string): string {
  if (!d.onBehalf) return '';
  if (!d.via && !d.reportedBy) return ` (${tr('console.answer.recordedBy', { name: who })})`;
  return ` (${answerNote(d, who)})`;
}

/** How near a match is: a distance (with the turn and the video's frame), or two videos' shared frames. */
function howNear(d: Record<string, any>): string {
  if (d.queryMatchPercent !== undefined) {
    return tr('console.match.videoShares', {
      query: pct(d.queryMatchPercent),
      compared: pct(d.comparedMatchPercent),
    });
  }
  const parts = [tr('console.match.distance', { distance: d.distance ?? '?' })];
  if (d.transform && d.transform !== 'original') parts.push(TURNS[d.transform]?.() ?? d.transform);
  if (d.frame !== undefined)
    parts.push(tr('console.match.frame', { frame: d.frame, seconds: Number(d.seconds ?? 0) }));
  return parts.join(', ');
}

const list = (names: string[]) => names.join(', ');

/** One line of the timeline for an event, in the words a duty officer would use. */
export function describeEvent(
  event: EventView,
  orgName: (id: string | null) => string,
  itemName: (id: string) => string | undefined = () => undefined,
): string {
  const d = event.data as Record<string, any>;
  const who = orgName(event.actor.organisationId);
  const item = d.itemId
    ? (itemName(String(d.itemId)) ?? tr('console.event.itemId', { id: String(d.itemId).slice(0, 8) }))
    : tr('console.event.anItem');
  const platform = String(d.platformKey ?? '');
  const reason = d.reason ?? tr('console.event.failed');
  const bank = d.bankName ?? tr('console.event.aBank');
  switch (event.type) {
    case 'incident.notified':
      return tr('console.event.notified', { who });
    case 'incident.activated':
      return tr('console.event.activated', { who });
    case 'incident.rejected':
      return tr('console.event.rejected', { who });
    case 'incident.level_changed': {
      const to = d.to ?? d.level;
      return to
        ? tr('console.event.levelChangedTo', { who, level: term('level', String(to)) })
        : tr('console.event.levelChanged', { who });
    }
    case 'incident.participant_added':
      return tr('console.event.added', {
        who,
        names: list([
          ...((d.organisationIds ?? []) as string[]).map((id) => orgName(id)),
          ...((d.platformKeys ?? []) as string[]).map((key) => tr('console.event.platform', { key })),
        ]),
      });
    case 'incident.standing_down':
      return tr('console.event.standingDown', { who });
    case 'incident.closed':
      return tr('console.event.closed', { who });
    case 'incident.reviewed':
      return tr('console.event.reviewed', { who });
    case 'item.shared':
      return tr('console.event.shared', {
        who,
        kind: String(d.kind ?? ''),
        channel: term('channel', String(d.channel ?? '')),
        what: d.url ?? d.hash?.algorithm ?? d.account?.handle ?? '',
      });
    case 'item.reported_again':
      return tr('console.event.reportedAgain', { who, item });
    case 'item.matched': {
      const known = itemName(String(d.matchedItemId));
      const other = d.matchedIncidentId && d.matchedIncidentId !== event.incidentId ? 'yes' : 'no';
      return known
        ? tr('console.event.matches', { item, other: known, elsewhere: other, near: howNear(d) })
        : tr('console.event.matchesKnown', { item, elsewhere: other, near: howNear(d) });
    }
    case 'item.bank_matched': {
      const where = d.label
        ? d.sourceRef
          ? tr('console.event.bankLabelSource', { label: d.label, source: d.sourceRef })
          : tr('console.event.bankLabel', { label: d.label })
        : d.sourceRef
          ? tr('console.event.bankSource', { source: d.sourceRef })
          : '';
      return tr('console.event.bankMatched', { item, bank, where, distance: d.distance });
    }
    case 'item.bank_benign': {
      const values = { item, bank, label: d.label ?? '', distance: d.distance, held: d.heldBack ?? 0 };
      return d.label ? tr('console.event.bankBenignLabel', values) : tr('console.event.bankBenign', values);
    }
    case 'item.bank_hit_held':
      return d.quarantined
        ? tr('console.event.bankHeldQuarantined', { item, bank })
        : tr('console.event.bankHeld', { item, bank });
    case 'item.bank_feedback':
      return tr('console.event.bankFeedback', {
        who,
        item,
        verdict: d.verdict === 'agree' ? 'agree' : 'disagree',
        review: d.review ? 'yes' : 'no',
      });
    case 'item.feedback':
      return tr('console.event.feedback', { who, item, verdict: String(d.verdict ?? '').replace(/_/g, ' ') });
    case 'item.purged':
      return tr('console.event.purged', { item });
    case 'containment.updated':
      return `${tr('console.event.containment', {
        platform,
        item,
        from: term('status', String(d.from ?? '')),
        to: term('status', String(d.status ?? '')),
      })}${recordedFor(d, who)}${d.reason ? ` — ${d.reason}` : ''}`;
    case 'containment.overdue':
      return tr('console.event.overdue', {
        platform,
        item,
        kind: d.kind === 'ack' ? 'ack' : 'act',
        minutes: d.minutesLate ?? 0,
      });
    case 'delivery.succeeded':
      if (d.channel === 'email' && d.recipient === 'coordinator')
        return tr('console.event.coordinatorMailed', {
          platform,
          count: d.itemCount ?? 0,
          purpose: d.purpose === 'ack' || d.purpose === 'act' ? d.purpose : 'new',
        });
      if (d.channel === 'email')
        return tr('console.event.mailed', { platform, tier: d.tier, count: d.itemCount ?? 0 });
      // A webhook batch, or a run of single POSTs, is one line for all its items: the room is told once.
      if (d.batch) return tr('console.event.notifiedBatch', { platform, count: d.itemCount ?? 0 });
      if (Array.isArray(d.itemIds))
        return tr('console.event.notifiedEach', { platform, count: d.itemCount ?? 0 });
      return tr('console.event.notifiedOf', { platform, item });
    case 'delivery.failed':
      if (d.channel === 'email') return tr('console.event.mailFailed', { platform, reason });
      if (d.batch)
        return tr('console.event.notifyBatchFailed', { platform, count: d.itemCount ?? 0, reason });
      return tr('console.event.notifyFailed', { platform, item, reason });
    case 'escalation.sent': {
      const tiers: unknown[] = d.tiers ?? (d.tier == null ? [] : [d.tier]);
      const to = [
        ...(tiers.length > 0
          ? [tr('console.event.tiers', { tiers: tiers.join(` ${tr('console.and')} `) })]
          : []),
        ...(d.coordinatorContactIds?.length ? [tr('console.event.theCoordinator')] : []),
      ];
      return tr('console.event.escalated', {
        platform,
        item,
        to: to.join(` ${tr('console.and')} `) || tr('console.event.nobody'),
        channel: String(d.channel ?? '').replace(/_/g, ' '),
        step: String(d.step ?? '').replace(/_/g, ' '),
      });
    }
    case 'message.posted':
      return `${d.displayName ?? who} (${who}): ${d.text}`;
    case 'exercise.started':
      return tr('console.event.exerciseStarted');
    case 'exercise.paused':
      return tr('console.event.exercisePaused');
    case 'exercise.resumed':
      return tr('console.event.exerciseResumed');
    case 'exercise.inject': {
      const values = {
        action: String(d.do ?? d.action ?? '').replace(/_/g, ' '),
        by: d.by ?? who,
        at: d.at ?? '',
      };
      return d.at ? tr('console.event.injectAt', values) : tr('console.event.inject', values);
    }
    case 'exercise.completed':
      return tr('console.event.exerciseCompleted');
    default:
      return event.type.replace(/_/g, ' ');
  }
}
