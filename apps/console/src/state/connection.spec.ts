import { connectionLabel, nextConnection, type ConnectionState } from './connection';

describe('the connection banner', () => {
  const run = (signals: ('connect' | 'disconnect' | 'connect_error')[]) =>
    connectionLabel(signals.reduce<ConnectionState>(nextConnection, 'connecting'));

  it('says Connecting… on first load, even after failed attempts, until the first connection', () => {
    expect(run([])).toBe('Connecting…');
    expect(run(['connect_error', 'connect_error'])).toBe('Connecting…');
    expect(run(['connect_error', 'connect'])).toBe('Live');
  });

  it('says Reconnecting… only once a connection was lost, and Live again when it is back', () => {
    expect(run(['connect', 'disconnect'])).toBe('Reconnecting…');
    expect(run(['connect', 'disconnect', 'connect_error'])).toBe('Reconnecting…');
    expect(run(['connect', 'disconnect', 'connect'])).toBe('Live');
  });
});
