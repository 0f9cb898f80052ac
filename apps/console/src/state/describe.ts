import type { EventView } from '@hub/contracts';

const words = (value: unknown) => String(value ?? '').replace(/_/g, ' ');

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
      return `${item} matches a known hash (distance ${d.distance ?? '?'})`;
    case 'item.feedback':
      return `${who} gave feedback on ${item}: ${words(d.verdict)}`;
    case 'item.purged':
      return `personal data of ${item} purged`;
    case 'containment.updated':
      return `${d.platformKey}: ${item} ${words(d.from)} → ${words(d.status)}${d.onBehalf ? ` (recorded by ${who})` : ''}${d.reason ? ` — ${d.reason}` : ''}`;
    case 'containment.overdue':
      return `${d.platformKey}: ${item} overdue to ${d.kind === 'ack' ? 'acknowledge' : 'act'} (${d.minutesLate ?? 0} min late)`;
    case 'delivery.succeeded':
      return `${d.platformKey} notified of ${item}`;
    case 'delivery.failed':
      return `${d.platformKey} could not be notified of ${item} (${d.reason ?? 'failed'})`;
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
