import { InvalidArgumentError, type Command } from 'commander';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import type { ApiClient } from '@hub/client';
import { BANK_ALGORITHMS, type BankImportAnswer } from '@hub/contracts';
import { ProgressBar } from './progress-bar';

const TYPES: Record<string, string> = {
  te: 'text/plain',
  csv: 'text/csv',
  stix: 'application/stix+json',
  misp: 'application/json',
};

/** The format of a file by its name, and for `.json` by its first bytes (a STIX bundle says `"type": "bundle"`). */
export function contentTypeOf(file: string): string {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return TYPES.csv;
  if (ext !== '.json') return TYPES.te;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    return /"type"\s*:\s*"bundle"/.test(head.subarray(0, read).toString('utf8')) ? TYPES.stix : TYPES.misp;
  } finally {
    closeSync(fd);
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * `npx hub bank import <bank> <file> [--format te|csv|stix|misp] [--algorithm pdq]`: streams a
 * ThreatExchange file, a hash-list CSV, a STIX bundle or a MISP event into a bank, with a progress bar on a
 * terminal, then prints what was added and the lines rejected.
 */
export function registerBankCommand(program: Command, client: () => ApiClient): void {
  const bank = program.command('bank').description('hash banks: known content, across incidents');
  bank
    .command('import <bank> <file>')
    .description(
      'stream a file into a bank: ThreatExchange lines (.txt), a hash-list CSV (.csv), a STIX 2.1 bundle or ' +
        'a MISP event (.json); prints the counts and the rejected lines by number',
    )
    .option('--format <format>', `${Object.keys(TYPES).join(', ')} (default: from the file name)`)
    .option('--algorithm <algorithm>', `what bare hashes in the file are (${BANK_ALGORITHMS.join(', ')})`)
    .action(async (bankId: string, file: string, options: { format?: string; algorithm?: string }) => {
      if (options.format && !TYPES[options.format]) {
        throw new InvalidArgumentError(`--format must be one of ${Object.keys(TYPES).join(', ')}`);
      }
      const api = client();
      const size = statSync(file).size;
      const bar = new ProgressBar(size);
      let sent = 0;
      const stream = createReadStream(file);
      stream.on('data', (chunk) => {
        sent += chunk.length;
        bar.at(sent, `${mib(sent)} of ${mib(size)} sent`);
      });
      const query = options.algorithm ? `?algorithm=${encodeURIComponent(options.algorithm)}` : '';
      const res = await fetch(`${api.baseUrl}/api/v1/banks/${encodeURIComponent(bankId)}/import${query}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': options.format ? TYPES[options.format] : contentTypeOf(file),
        },
        body: Readable.toWeb(stream) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      bar.done();
      const text = await res.text();
      if (!res.ok) {
        let message = text;
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
          // Not JSON: print as it came.
        }
        process.stderr.write(`bank import: ${res.status} ${message}\n`);
        process.exit(1);
      }
      const answer = JSON.parse(text) as BankImportAnswer;
      process.stdout.write(
        `read ${answer.linesRead}, added ${answer.added}, duplicates ${answer.duplicates}, rejected ${answer.rejectedCount}\n`,
      );
      for (const r of answer.rejected) {
        process.stderr.write(`  ${r.line !== undefined ? `line ${r.line}` : r.at}: ${r.message}\n`);
      }
      if (answer.rejectedCount > answer.rejected.length) {
        process.stderr.write(`  ... and ${answer.rejectedCount - answer.rejected.length} more\n`);
      }
    });
}
