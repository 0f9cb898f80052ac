/** The socket.io namespace of the incident room. */
export const ROOM_NAMESPACE = '/incidents';

/** How many backlog events one join replays; the client asks again from the last seq it saw. */
export const MAX_REPLAY_PER_JOIN = 1_000;

/**
 * What a reader receives in place of an event about a flag it may not see (`canSeeItem`): the same `id`,
 * `seq` and `at`, no actor and empty `data`. The log keeps counting without a gap; a client advances its
 * seq and shows nothing (see docs/flag-visibility.md).
 */
export const HIDDEN_EVENT_TYPE = 'incident.event_hidden';
