import { tr } from '../language';

/**
 * The room connection as the top bar names it. Before the first connection the console is connecting,
 * not reconnecting: "Reconnecting…" on first load would tell a user something broke when nothing did.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export function connectionLabel(state: ConnectionState): string {
  switch (state) {
    case 'connecting':
      return tr('console.connection.connecting');
    case 'live':
      return tr('console.connection.live');
    case 'reconnecting':
      return tr('console.connection.reconnecting');
  }
}

/** The state after a socket signal; a failed attempt changes nothing (still connecting, or reconnecting). */
export function nextConnection(
  state: ConnectionState,
  signal: 'connect' | 'disconnect' | 'connect_error',
): ConnectionState {
  if (signal === 'connect') return 'live';
  if (signal === 'disconnect') return 'reconnecting';
  return state;
}
