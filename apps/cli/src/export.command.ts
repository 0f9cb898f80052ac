import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { ApiClient } from '@hub/client';
import { EXCHANGE_FORMATS } from '@hub/contracts';

/**
 * `npx hub export <incident> --format stix|misp|te [--out file]`: an incident's items as a STIX 2.1 bundle,
 * a MISP event or ThreatExchange lines, as the hub's export route answers them, to stdout or a file.
 */
export function registerExportCommand(program: Command, client: () => ApiClient): void {
  program
    .command('export <incident>')
    .description("export an incident's items: a STIX 2.1 bundle, a MISP event or ThreatExchange lines")
    .option('--format <format>', EXCHANGE_FORMATS.join(', '), 'stix')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (incident: string, options: { format: string; out?: string }) => {
      if (!(EXCHANGE_FORMATS as readonly string[]).includes(options.format)) {
        throw new InvalidArgumentError(`--format must be one of ${EXCHANGE_FORMATS.join(', ')}`);
      }
      const res = await client().get(
        `/incidents/${encodeURIComponent(incident)}/export?format=${options.format}`,
      );
      if (res.status >= 300) {
        const message =
          typeof res.body === 'string' ? res.body : (res.body?.message ?? JSON.stringify(res.body));
        throw new Error(`export: ${res.status} ${message}`);
      }
      const text = typeof res.body === 'string' ? res.body : `${JSON.stringify(res.body, null, 2)}\n`;
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}
