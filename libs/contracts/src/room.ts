/** The socket.io namespace of the incident room. */
export const ROOM_NAMESPACE = '/incidents';

/** How many backlog events one join replays; the client asks again from the last seq it saw. */
export const MAX_REPLAY_PER_JOIN = 1_000;
