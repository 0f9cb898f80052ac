import { PassThrough } from 'node:stream';
import { createRootLogger, logFormat } from './logging';

/** A stdout stand-in that records what is written, a terminal or not. */
function output(isTTY: boolean): PassThrough & { isTTY: boolean; text(): string } {
  const chunks: Buffer[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY, text: () => Buffer.concat(chunks).toString() });
  stream.on('data', (c: Buffer) => chunks.push(c));
  return stream;
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('the log format', () => {
  it('is pretty on a terminal and JSON otherwise', () => {
    expect(logFormat({ isTTY: true })).toBe('pretty');
    expect(logFormat({ isTTY: false })).toBe('json');
    expect(logFormat({})).toBe('json');
  });

  it('writes one readable line per record on a terminal, credentials redacted', async () => {
    const out = output(true);
    const logger = createRootLogger('info', out);
    logger.info({ context: 'crisis-hub', token: 'secret-token-value' }, 'listening on port 3000');
    logger.debug('not at info');
    await flushed();
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: \[crisis-hub\] listening on port 3000\n/);
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('{"level"');
    expect(text).not.toContain('not at info');
  });

  it('writes JSON lines when stdout is not a terminal', async () => {
    const out = output(false);
    const logger = createRootLogger('info', out);
    logger.info({ context: 'crisis-hub', token: 'secret-token-value' }, 'listening on port 3000');
    await flushed();
    const record = JSON.parse(out.text().trim());
    expect(record).toMatchObject({ level: 30, context: 'crisis-hub', msg: 'listening on port 3000' });
    expect(record.token).toBe('[redacted]');
  });
});
