import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { ApiClient, seedDemo } from '@hub/client';
import { EXERCISE_SPEED, ROLES, type Role } from '@hub/contracts';
import { registerBankCommand } from './bank.command';
import { registerExportCommand } from './export.command';
import { registerHashCommand } from './hash.command';
import { registerBackup } from './backup.command';
import { registerRestore } from './restore.command';

/**
 * `npx hub ...`: the command line. It talks to a running hub over its API, so it works the same against
 * the zero-service start and a deployment: `--url` (or HUB_URL) and an admin or coordinator `--token`
 * (or HUB_TOKEN, falling back to HUB_BOOTSTRAP_TOKEN).
 */
const program = new Command('hub').description('crisis-hub command line').showHelpAfterError();
program
  .option('--url <url>', 'hub address', process.env.HUB_URL ?? `http://localhost:${process.env.PORT ?? 3000}`)
  .option('--token <token>', 'bearer token', process.env.HUB_TOKEN ?? process.env.HUB_BOOTSTRAP_TOKEN);

function client(): ApiClient {
  const { url, token } = program.opts<{ url: string; token?: string }>();
  if (!token) throw new InvalidArgumentError('--token (or HUB_TOKEN) is required');
  return new ApiClient(url.replace(/\/$/, ''), token);
}

async function expectOk<T = any>(what: string, promise: Promise<{ status: number; body: any }>): Promise<T> {
  const res = await promise;
  if (res.status >= 300) {
    process.stderr.write(
      `${what}: ${res.status} ${typeof res.body === 'string' ? res.body : (res.body?.message ?? JSON.stringify(res.body))}\n`,
    );
    process.exit(1);
  }
  return res.body as T;
}

program
  .command('seed-demo')
  .description(
    'create a coordinator, three authorities, three platforms and an observer, one member each, and print their tokens',
  )
  .action(async () => {
    const cast = await seedDemo(client());
    process.stdout.write('organisation\trole\ttoken\n');
    for (const m of Object.values(cast))
      process.stdout.write(`${m.organisation.name}\t${m.role}\t${m.token}\n`);
  });

const token = program.command('token').description('manage bearer tokens');
token
  .command('create <organisation> <role> <name>')
  .description(
    'add a member to an organisation (its id, name or platformKey) and print the token, shown once',
  )
  .action(async (organisation: string, role: string, name: string) => {
    if (!(ROLES as readonly string[]).includes(role))
      throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
    const api = client();
    const orgs = await expectOk<{ items: any[] }>('list organisations', api.get('/organisations?limit=500'));
    const org = orgs.items.find(
      (o) => o.id === organisation || o.name === organisation || o.platformKey === organisation,
    );
    if (!org) {
      process.stderr.write(`organisation: no organisation ${organisation}\n`);
      process.exit(1);
    }
    const created = await expectOk(
      'create member',
      api.post(`/organisations/${org.id}/members`, { displayName: name, role: role as Role }),
    );
    process.stdout.write(`${created.token}\n`);
  });

program
  .command('report <incident>')
  .description('print the after-action report of an incident')
  .option(
    '--format <format>',
    'json, md, html, csv, or public / public-html (the transparency summary)',
    'md',
  )
  .action(async (incident: string, options: { format: string }) => {
    const body = await expectOk(
      'report',
      client().get(`/incidents/${incident}/report?format=${encodeURIComponent(options.format)}`),
    );
    process.stdout.write(typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`);
  });

/** Checked before anything is uploaded: a bad speed used to leave a stored scenario behind. */
function exerciseSpeed(value: string): number {
  const speed = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(speed) ||
    speed < EXERCISE_SPEED.min ||
    speed > EXERCISE_SPEED.max
  )
    throw new InvalidArgumentError(
      `--speed must be a number from ${EXERCISE_SPEED.min} to ${EXERCISE_SPEED.max}`,
    );
  return speed;
}

const exercise = program.command('exercise').description('tabletop exercises');
exercise
  .command('run <scenario>')
  .description('upload a scenario, start it and follow it to the end, then print the score table')
  .option('--speed <n>', 'scenario seconds per wall second (1 to 1000)', exerciseSpeed, 60)
  .action(async (file: string, options: { speed: number }) => {
    const api = client();
    const text = readFileSync(file, 'utf8');
    const scenario = await expectOk(
      'upload scenario',
      api.request('POST', '/scenarios', text, { 'content-type': 'application/yaml' }),
    );
    const run = await expectOk(
      'start exercise',
      api.post('/exercises', { scenarioId: scenario.id, speed: options.speed }),
    );
    process.stdout.write(`exercise ${run.id} on incident ${run.incidentId} at ${options.speed}x\n`);
    let seen = 0;
    for (;;) {
      const state = await expectOk('exercise state', api.get(`/exercises/${run.id}`));
      const events = await expectOk<{ items: any[] }>(
        'events',
        api.get(`/incidents/${run.incidentId}/events?after=${seen}&limit=500`),
      );
      for (const e of events.items) {
        seen = e.seq;
        if (e.type === 'exercise.inject')
          process.stdout.write(`  ${String(e.data.at).padStart(7)}  ${e.data.by} ${e.data.do}\n`);
      }
      const minutes = Math.floor((state.clock?.scenarioSeconds ?? 0) / 60);
      const share = state.injects?.total ? state.injects.fired / state.injects.total : 0;
      const bar = `${'#'.repeat(Math.round(share * 30))}${'.'.repeat(30 - Math.round(share * 30))}`;
      process.stderr.write(
        `\r  [${bar}] ${state.injects?.fired ?? 0}/${state.injects?.total ?? '?'} injects, clock ${minutes} min, ${state.status}   `,
      );
      if (state.status === 'completed' || state.status === 'aborted') {
        process.stderr.write('\n');
        process.stdout.write(`score ${state.score?.overall ?? '-'} / 100\n`);
        process.stdout.write('platform\tkind\twithin min\tactual min\tmet\n');
        for (const x of state.score?.expectations ?? []) {
          process.stdout.write(
            `${x.platformKey}\t${x.kind}\t${x.withinMinutes}\t${x.actualMinutes ?? 'never'}\t${x.met ? 'yes' : 'no'}\n`,
          );
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

registerExportCommand(program, client);
registerBankCommand(program, client);
registerHashCommand(program, client);
registerBackup(program);
registerRestore(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
