import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { HubClient } from '@hub/client';
import { EXCHANGE_FORMATS } from '@hub/contracts';

/** The exchange formats, and `dsa`: a platform's statements of reasons for the DSA Transparency Database. */
const FORMATS = [...EXCHANGE_FORMATS, 'dsa'] as const;

/**
 * `npx hub export <incident> --format stix|misp|te|dsa [--platform key] [--out file]`: an incident's items as
 * a STIX 2.1 bundle, a MISP event or ThreatExchange lines, as the hub's export route answers them; or, with
 * `dsa`, a platform's statements of reasons, every batch, one `{ statements }` of at most 100 a line (JSON
 * Lines): what the platform's pipeline completes and posts, a line a request, to the database's batch endpoint.
 */
export function registerExportCommand(program: Command, client: () => HubClient): void {
  program
    .command('export <incident>')
    .description(
      "export an incident's items (a STIX 2.1 bundle, a MISP event, ThreatExchange lines) or, with --format " +
        "dsa, a platform's statements of reasons: one batch of at most 100 a line, `{ statements }` as the " +
        'DSA Transparency Database batch endpoint takes it, for a pipeline to complete and post line by line',
    )
    .option('--format <format>', FORMATS.join(', '), 'stix')
    .option(
      '--platform <platformKey>',
      'with --format dsa: whose statements (a platform key like videoshare)',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (incident: string, options: { format: string; platform?: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(options.format)) {
        throw new InvalidArgumentError(`--format must be one of ${FORMATS.join(', ')}`);
      }
      let text: string;
      if (options.format === 'dsa') {
        if (!options.platform) throw new InvalidArgumentError('--platform is required with --format dsa');
        text = await client().statementLines(incident, options.platform);
      } else {
        const body = await client().call<unknown>(
          'GET',
          `/incidents/${encodeURIComponent(incident)}/export?format=${options.format}`,
        );
        text = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
      }
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}
