import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { ApiClient, ApiResponse } from '@hub/client';
import { EXCHANGE_FORMATS } from '@hub/contracts';

/** The exchange formats, and `dsa`: a platform's statements of reasons for the DSA Transparency Database. */
const FORMATS = [...EXCHANGE_FORMATS, 'dsa'] as const;

/**
 * `npx hub export <incident> --format stix|misp|te|dsa [--platform key] [--out file]`: an incident's items as
 * a STIX 2.1 bundle, a MISP event or ThreatExchange lines, as the hub's export route answers them; or, with
 * `dsa`, a platform's statements of reasons, every batch, one `{ statements }` of at most 100 a line (JSON
 * Lines): what the platform's pipeline completes and posts, a line a request, to the database's batch endpoint.
 */
export function registerExportCommand(program: Command, client: () => ApiClient): void {
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
      const id = encodeURIComponent(incident);
      let text: string;
      if (options.format === 'dsa') {
        if (!options.platform) throw new InvalidArgumentError('--platform is required with --format dsa');
        text = await statementLines(client(), id, options.platform);
      } else {
        const res = await client().get(`/incidents/${id}/export?format=${options.format}`);
        assertOk(res);
        text = typeof res.body === 'string' ? res.body : `${JSON.stringify(res.body, null, 2)}\n`;
      }
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}

/** Every batch of the platform's statements, following `next`, one JSON line each. */
async function statementLines(api: ApiClient, incident: string, platformKey: string): Promise<string> {
  let text = '';
  let after: string | undefined;
  do {
    const cursor = after ? `&after=${encodeURIComponent(after)}` : '';
    const res = await api.get<{ statements: unknown[]; next?: string }>(
      `/incidents/${incident}/statements-of-reasons?platformKey=${encodeURIComponent(platformKey)}${cursor}`,
    );
    assertOk(res);
    text += `${JSON.stringify({ statements: res.body.statements })}\n`;
    after = res.body.next;
  } while (after);
  return text;
}

function assertOk(res: ApiResponse<unknown>): void {
  if (res.status < 300) return;
  const body = res.body as { message?: string } | string | undefined;
  const message = typeof body === 'string' ? body : (body?.message ?? JSON.stringify(body));
  throw new Error(`export: ${res.status} ${message}`);
}
