import { InvalidArgumentError, Option, type Command } from 'commander';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import type { HubClient } from '@hub/client';
import { BANK_ALGORITHMS, BANK_VISIBILITIES, type BankVisibility } from '@hub/contracts';
import { print, table } from './core/cli-output';
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
 * `hub bank create|list|signals|import`: hash banks of known content, across incidents.
 * `npx hub bank import <bank> <file> [--format te|csv|stix|misp] [--algorithm pdq]`: streams a
 * ThreatExchange file, a hash-list CSV, a STIX bundle or a MISP event into a bank, with a progress bar on a
 * terminal, then prints what was added and the lines rejected.
 */
export function registerBankCommand(program: Command, client: () => HubClient): void {
  const bank = program.command('bank').description('hash banks: known content, across incidents');
  const json = ['--json', 'print the hub’s answer as JSON, for scripts'] as const;
  bank
    .command('create <name>')
    .description('create a bank (an admin or a coordinator)')
    .addOption(new Option('--visibility <visibility>').choices(BANK_VISIBILITIES).makeOptionMandatory())
    .option('--description <text>', 'what the bank holds, and from where')
    .option('--negative', 'known-benign content: a share hitting it is not reported as a match')
    .option(...json)
    .action(
      async (
        name: string,
        options: { visibility: BankVisibility; description?: string; negative?: boolean; json?: boolean },
      ) => {
        const created = await client().createBank({
          name,
          visibility: options.visibility,
          ...(options.description ? { description: options.description } : {}),
          ...(options.negative ? { negative: true } : {}),
        });
        print(options, created, () => `created bank ${created.name}: ${created.id}\n`);
      },
    );
  bank
    .command('list')
    .description('the banks you may see')
    .option(...json)
    .action(async (options: { json?: boolean }) => {
      const page = await client().banks();
      print(options, page, () =>
        table(page.items, [
          { header: 'ID', value: (b) => b.id },
          { header: 'NAME', value: (b) => b.name },
          { header: 'VISIBILITY', value: (b) => b.visibility },
          { header: 'SIGNALS', value: (b) => b.signalCount },
          { header: 'CREATED', value: (b) => b.createdAt.slice(0, 10) },
        ]),
      );
    });
  bank
    .command('signals <bank>')
    .description("a page of a bank's signals, oldest first (--after: the previous page's next)")
    .option('--after <cursor>', 'where the previous page stopped')
    .option('--limit <n>', 'signals a page (1 to 1000)', (v) => Number(v), 100)
    .option(...json)
    .action(async (bankId: string, options: { after?: string; limit: number; json?: boolean }) => {
      const page = await client().bankSignals(bankId, { after: options.after, limit: options.limit });
      print(options, page, () =>
        table(page.items, [
          { header: 'ID', value: (x) => x.id },
          { header: 'ALGORITHM', value: (x) => x.algorithm },
          { header: 'VALUE', value: (x) => x.value },
          { header: 'QUALITY', value: (x) => x.quality },
          { header: 'LABEL', value: (x) => x.label },
        ]).concat(page.next ? `next: --after ${page.next}\n` : ''),
      );
    });
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
      const answer = await api
        .importBank(
          bankId,
          Readable.toWeb(stream) as ReadableStream<Uint8Array>,
          options.format ? TYPES[options.format] : contentTypeOf(file),
          options.algorithm,
        )
        .finally(() => bar.done());
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
