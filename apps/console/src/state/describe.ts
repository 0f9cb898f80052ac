import type { EventView } from '@hub/contracts';
import { answerNote } from '@hub/domain';

const words = (value: unknown) => String(value ?? '').replace(/_/g, ' ');

const TURNS: Record<string, string> = {
  rotate90: 'rotated 90°',
  rotate180: 'rotated 180°',
  rotate270: 'rotated 270°',
  flipX: 'mirrored (flipX)',
  flipY: 'mirrored (flipY)',
  flipPlus1: 'mirrored on a diagonal (flipPlus1)',
  flipMinus1: 'mirrored on a diagonal (flipMinus1)',
};

const pct = (value: unknown) => `${Math.round(Number(value) * 10) / 10}%`;

/** A coordinator's record on a platform's behalf: by whom, and how the platform answered when it was said. */
function recordedFor(d: Record<string, any>, who: string): string {
  if (!d.onBehalf) return '';
  if (!d.via && !d.reportedBy) return ` (recorded by ${who})`;
  return ` (${answerNote(d, who)})`;
}

/** How near a match is: a distance (with the turn and the video's frame), or two videos' shared frames. */
function howNear(d: Record<string, any>): string {
  if (d.queryMatchPercent !== undefined) {
    return `video: ${pct(d.queryMatchPercent)} of its frames in the other, ${pct(d.comparedMatchPercent)} the other way`;
  }
  const parts = [`distance ${d.distance ?? '?'}`];
  if (d.transform && d.transform !== 'original') parts.push(TURNS[d.transform] ?? d.transform);
  if (d.frame !== undefined) parts.push(`video frame ${d.frame} at ${Number(d.seconds ?? 0).toFixed(1)} s`);
  return parts.join(', ');
}

/** One line of the timeline for an event, in the words a duty officer would use. */
export function describeEvent(
  event: EventView,
  orgName: (id: string | null) => string,
  itemName: (id: string) => string | undefined = () => undefined,
): string {
  const d = event.data as Record<string, any>;
  const who = orgName(event.actor.organisationId);
  const item = d.itemId ? (itemName(String(d.itemId)) ?? `item ${String(d.itemId).slice(0, 8)}`) : 'an item';
  switch (event.type) {
    case 'incident.notified':
      return `${who} notified the incident`;
    case 'incident.activated':
      return `${who} activated the protocol`;
    case 'incident.rejected':
      return `${who} rejected the notification`;
    case 'incident.level_changed':
      return `${who} changed the level${d.to ? ` to ${words(d.to)}` : d.level ? ` to ${words(d.level)}` : ''}`;
    case 'incident.participant_added':
      return `${who} added ${[
        ...((d.organisationIds ?? []) as string[]).map((id) => orgName(id)),
        ...((d.platformKeys ?? []) as string[]).map((key) => `platform ${key}`),
      ].join(', ')}`;
    case 'incident.standing_down':
      return `${who} began standing down`;
    case 'incident.closed':
      return `${who} closed the incident`;
    case 'incident.reviewed':
      return `${who} recorded the review`;
    case 'item.shared':
      return `${who} shared a ${words(d.kind)} (${words(d.channel)}): ${d.url ?? d.hash?.algorithm ?? d.account?.handle ?? ''}`;
    case 'item.reported_again':
      return `${who} reported ${item} again`;
    case 'item.matched':
      return `${item} matches ${itemName(String(d.matchedItemId)) ?? 'a known item'}${d.matchedIncidentId && d.matchedIncidentId !== event.incidentId ? ' of another incident' : ''} (${howNear(d)})`;
    case 'item.bank_matched':
      return `${item} is in the hash bank ${d.bankName ?? 'a bank'}${d.label ? ` as “${d.label}”` : ''}${d.sourceRef ? ` (${d.sourceRef})` : ''}, distance ${d.distance}`;
    case 'item.bank_benign':
      return `${item} is known-benign content of the negative bank ${d.bankName ?? 'a bank'}${d.label ? ` (“${d.label}”)` : ''}, distance ${d.distance}${d.heldBack ? `: ${d.heldBack} hit${d.heldBack === 1 ? '' : 's'} of other banks as near or farther not reported` : ''}`;
    case 'item.bank_hit_held':
      return `${item}'s hit in the hash bank ${d.bankName ?? 'a bank'} is held: ${d.quarantined ? 'this hit quarantined its signal, which matched too many shares too fast' : 'its signal is quarantined'}; an admin releases or removes it`;
    case 'item.bank_feedback':
      return `${who} ${d.verdict === 'agree' ? 'agrees' : 'disagrees'} with the bank hit on ${item}${d.review ? '; the signal is flagged for review' : ''}`;
    case 'item.feedback':
      return `${who} gave feedback on ${item}: ${words(d.verdict)}`;
    case 'item.purged':
      return `personal data of ${item} purged`;
    case 'containment.updated':
      return `${d.platformKey}: ${item} ${words(d.from)} → ${words(d.status)}${recordedFor(d, who)}${d.reason ? ` — ${d.reason}` : ''}`;
    case 'containment.overdue':
      return `${d.platformKey}: ${item} overdue to ${d.kind === 'ack' ? 'acknowledge' : 'act'} (${d.minutesLate ?? 0} min late)`;
    case 'delivery.succeeded':
      if (d.channel === 'email' && d.recipient === 'coordinator')
        return `coordinator e-mailed about ${d.platformKey} (${d.itemCount} item${d.itemCount === 1 ? '' : 's'} ${d.purpose === 'ack' ? 'not acknowledged' : d.purpose === 'act' ? 'not acted on' : 'sent'} in time)`;
      if (d.channel === 'email')
        return `${d.platformKey} e-mailed at tier ${d.tier} (${d.itemCount} item${d.itemCount === 1 ? '' : 's'})`;
      // A webhook batch is one line for all its items: the room is told once, not once per item.
      if (d.batch)
        return `${d.platformKey} notified of ${d.itemCount} item${d.itemCount === 1 ? '' : 's'} in one delivery`;
      return `${d.platformKey} notified of ${item}`;
    case 'delivery.failed':
      if (d.channel === 'email') return `${d.platformKey} could not be e-mailed (${d.reason ?? 'failed'})`;
      if (d.batch)
        return `${d.platformKey} could not be notified of ${d.itemCount} item${d.itemCount === 1 ? '' : 's'} (${d.reason ?? 'failed'})`;
      return `${d.platformKey} could not be notified of ${item} (${d.reason ?? 'failed'})`;
    case 'escalation.sent': {
      const tiers: unknown[] = d.tiers ?? (d.tier == null ? [] : [d.tier]);
      const to = [
        ...(tiers.length > 0 ? [`tier ${tiers.join(' and ')}`] : []),
        ...(d.coordinatorContactIds?.length ? ['the coordinator'] : []),
      ];
      return `${d.platformKey}: ${item} escalated to ${to.join(' and ') || 'nobody'} by ${words(d.channel)} (${words(d.step)})`;
    }
    case 'message.posted':
      return `${d.displayName ?? who} (${who}): ${d.text}`;
    case 'exercise.started':
      return 'Exercise started';
    case 'exercise.paused':
      return 'Exercise paused';
    case 'exercise.resumed':
      return 'Exercise resumed';
    case 'exercise.inject':
      return `Inject: ${words(d.do ?? d.action ?? '')} by ${d.by ?? who}${d.at ? ` at ${d.at}` : ''}`;
    case 'exercise.completed':
      return 'Exercise completed';
    default:
      return words(event.type);
  }
}
