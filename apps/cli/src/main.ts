import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { HubClient, HubError, seedDemo, toHubError } from '@hub/client';
import {
  EXERCISE_SPEED,
  LANGUAGES,
  REPORT_FORMATS,
  ROLES,
  type Language,
  type ReportFormat,
  type Role,
} from '@hub/contracts';
import { registerBankCommand } from './bank.command';
import { findOrganisation } from './core/organisation-lookup';
import { registerContactsCommand } from './contacts/contacts.command';
import { registerPeersCommand } from './federation/peers.command';
import { registerIncidentCommand } from './incidents/incident.command';
import { registerExportCommand } from './export.command';
import { registerHashCommand } from './hash.command';
import { registerBackup } from './backup.command';
import { registerRestore } from './restore.command';

/**
 * `npx hub ...`: the command line. It talks to a running hub over its API (through `HubClient`, as the
 * console does), so it works the same against the zero-service start and a deployment: `--url` (or
 * HUB_URL) and a member's `--token` (or HUB_TOKEN, falling back to HUB_BOOTSTRAP_TOKEN).
 */
// Positional: `--url` and `--token` of the hub come before the command, so that a command's own options may
// share their names (`hub incident share CH-2026-0001 --url https://...` shares a URL).
const program = new Command('hub')
  .description('crisis-hub command line')
  .showHelpAfterError()
  .enablePositionalOptions();
program
  .option('--url <url>', 'hub address', process.env.HUB_URL || `http://localhost:${process.env.PORT ?? 3000}`)
  .option('--token <token>', 'bearer token', process.env.HUB_TOKEN || process.env.HUB_BOOTSTRAP_TOKEN);

/** The command being run, for its own `--token` / `--url` (given after the command's name). */
let running: Command | undefined;
const urlIsTheHubs = new Set<Command>();
program.hook('preAction', (_, actionCommand) => {
  running = actionCommand;
});

function client(): HubClient {
  const own = running?.opts<{ url?: string; token?: string }>() ?? {};
  const global = program.opts<{ url: string; token?: string }>();
  const url = (running && urlIsTheHubs.has(running) ? own.url : undefined) ?? global.url;
  const token = own.token ?? global.token;
  if (!token) throw new InvalidArgumentError('--token (or HUB_TOKEN) is required');
  return new HubClient({ url, token });
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
    const org = await findOrganisation(api, organisation);
    const created = await api.addMember(org.id, { displayName: name, role: role as Role });
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
  .option('--lang <language>', `the language of md and html reports: ${LANGUAGES.join(', ')}`)
  .action(async (incident: string, options: { format: string; lang?: string }) => {
    if (!(REPORT_FORMATS as readonly string[]).includes(options.format))
      throw new InvalidArgumentError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    if (options.lang !== undefined && !(LANGUAGES as readonly string[]).includes(options.lang))
      throw new InvalidArgumentError(`--lang must be one of ${LANGUAGES.join(', ')}`);
    const answer = await client().report(
      incident,
      options.format as ReportFormat,
      options.lang as Language | undefined,
    );
    if (answer.status >= 400) throw toHubError(answer.status, answer.body);
    const body = answer.body;
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
    const scenario = await api.uploadScenario(text);
    const run = await api.startExercise(scenario.id, options.speed);
    if (!run.incidentId) throw new Error(`exercise ${run.id} has no incident`);
    const incidentId = run.incidentId;
    process.stdout.write(`exercise ${run.id} on incident ${run.incidentId} at ${options.speed}x\n`);
    let seen = 0;
    for (;;) {
      const state = await api.exercise(run.id);
      const events = await api.events(incidentId, seen, 500);
      for (const e of events.items) {
        seen = e.seq;
        if (e.type === 'exercise.inject')
          process.stdout.write(
            `  ${String(e.data.at).padStart(7)}  ${String(e.data.by)} ${String(e.data.do)}\n`,
          );
      }
      const minutes = Math.floor(state.clock.scenarioSeconds / 60);
      const share = state.injects.total ? state.injects.fired / state.injects.total : 0;
      const bar = `${'#'.repeat(Math.round(share * 30))}${'.'.repeat(30 - Math.round(share * 30))}`;
      process.stderr.write(
        `\r  [${bar}] ${state.injects.fired}/${state.injects.total} injects, clock ${minutes} min, ${state.status}   `,
      );
      if (state.status === 'completed' || state.status === 'aborted') {
        process.stderr.write('\n');
        process.stdout.write(`score ${state.score.overall} / 100\n`);
        process.stdout.write('platform\tkind\twithin min\tactual min\tmet\n');
        for (const x of state.score.expectations) {
          process.stdout.write(
            `${x.platformKey}\t${x.kind}\t${x.withinMinutes}\t${x.actualMinutes ?? 'never'}\t${x.met ? 'yes' : 'no'}\n`,
          );
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

registerIncidentCommand(program, client);
registerContactsCommand(program, client);
registerPeersCommand(program, client);
registerExportCommand(program, client);
registerBankCommand(program, client);
registerHashCommand(program, client);
registerBackup(program);
registerRestore(program);

// `--token` and `--url` are taken after a command's name too (`hub report CH-2026-0001 --token ...`), except
// where the command has an option of that name of its own (`incident share --url` is the URL shared).
const leaves = (command: Command): Command[] =>
  command.commands.length ? command.commands.flatMap(leaves) : [command];
for (const command of program.commands.flatMap(leaves)) {
  const has = (flag: string) => command.options.some((o) => o.long === flag);
  if (!has('--token')) command.option('--token <token>', 'bearer token (or HUB_TOKEN)');
  if (!has('--url')) {
    command.option('--url <url>', 'hub address (or HUB_URL)');
    urlIsTheHubs.add(command);
  }
}

// A refusal prints the hub's status and message (`404 incident not found`); an unreachable hub, the URL
// tried (`cannot reach http://hub.example: connection refused`). Either way the exit status is 1.
program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${error instanceof HubError && error.status ? `${error.status} ` : ''}${message}\n`);
  process.exit(1);
});
