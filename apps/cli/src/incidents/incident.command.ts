import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HubClient } from '@hub/client';
import {
  ANSWER_CHANNELS,
  CATEGORIES,
  CELL_STATUSES,
  CHANNELS,
  HASH_ALGORITHMS,
  INCIDENT_LEVELS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  type AnswerChannel,
  type Category,
  type CellStatus,
  type CellView,
  type Channel,
  type HashAlgorithm,
  type IncidentLevel,
  type IncidentMode,
  type IncidentStatus,
  type IncidentView,
  type ShareItemDto,
  type ShareResult,
} from '@hub/contracts';
import { collect, print, record, table } from '../core/cli-output';
import { findOrganisation } from '../core/organisation-lookup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Json {
  json?: boolean;
}

/** An incident as one screen: what it is and where it stands. */
const incidentRecord = (i: IncidentView): string =>
  record({
    ref: i.ref,
    id: i.id,
    title: i.title,
    status: i.status,
    level: i.level,
    mode: i.mode,
    category: i.category,
    participants: i.participants.join(', '),
    platforms: i.platforms.join(', '),
    overdue: i.overdueCount,
    created: i.createdAt,
    updated: i.updatedAt,
  });

const cellLine = (c: CellView): string =>
  `${c.platformKey}: ${c.status}${c.reason ? ` (${c.reason})` : ''}${c.actionDueAt ? `, act by ${c.actionDueAt}` : ''}`;

/** `--account videoshare:@handle` and `--hash pdq:<hex>`: a kind, then what follows the first colon. */
function split(option: string, value: string): [string, string] {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`${option} must be <kind>:<value>`);
  return [value.slice(0, at), value.slice(at + 1)];
}

function itemOf(options: {
  url?: string;
  account?: string;
  hash?: string;
  channel: Channel;
  legalReference?: string;
  platform?: string;
  narrative?: string;
  example?: string[];
  technique?: string[];
}): ShareItemDto {
  const given = [options.url, options.account, options.hash, options.narrative].filter(
    (v) => v !== undefined,
  ).length;
  if (given !== 1) throw new InvalidArgumentError('give one of --url, --account, --hash or --narrative');
  const common = {
    channel: options.channel,
    ...(options.legalReference ? { legalReference: options.legalReference } : {}),
    ...(options.platform ? { platformKey: options.platform } : {}),
    ...(options.technique?.length ? { techniques: options.technique } : {}),
  };
  if (options.url) return { kind: 'url', url: options.url, ...common };
  if (options.narrative !== undefined) {
    const examples = options.example ?? [];
    return {
      kind: 'narrative',
      narrative: { title: options.narrative, ...(examples.length ? { examples } : {}) },
      ...common,
    };
  }
  if (options.account) {
    const [platformKey, handle] = split('--account', options.account);
    return { kind: 'account', account: { platformKey, handle }, ...common };
  }
  const [algorithm, value] = split('--hash', options.hash ?? '');
  if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm))
    throw new InvalidArgumentError(`--hash algorithm must be one of ${HASH_ALGORITHMS.join(', ')}`);
  return { kind: 'hash', hash: { algorithm: algorithm as HashAlgorithm, value }, ...common };
}

/**
 * `hub incident declare|list|show|share|contain|level|stand-down|close`: a day's work on incidents from a
 * terminal or a script. Every incident argument is an id or a reference (`CH-2026-0001`).
 */
export function registerIncidentCommand(program: Command, client: () => HubClient): void {
  const incident = program.command('incident').description('declare, follow and work incidents');
  const json = ['--json', 'print the hub’s answer as JSON, for scripts'] as const;

  incident
    .command('declare')
    .description('declare an incident (a coordinator: active at once; an authority: to be assessed)')
    .requiredOption('--title <title>', 'what is happening, in a line')
    .requiredOption('--summary <summary>', 'what is known so far')
    .addOption(new Option('--category <category>').choices(CATEGORIES).makeOptionMandatory())
    .addOption(new Option('--level <level>').choices(INCIDENT_LEVELS).makeOptionMandatory())
    .addOption(new Option('--mode <mode>').choices(INCIDENT_MODES).default('live'))
    .option(
      '--participant <organisation...>',
      'a taking-part organisation: id, name or platform key',
      collect,
    )
    .option('--platform <platformKey...>', 'a platform asked to act', collect)
    .option('--criteria <criteria>', 'the activation criteria met, comma-separated', collect)
    .option('--rationale <text>', 'why this level')
    .option(...json)
    .action(
      async (options: {
        title: string;
        summary: string;
        category: Category;
        level: IncidentLevel;
        mode: IncidentMode;
        participant?: string[];
        platform?: string[];
        criteria?: string[];
        rationale?: string;
        json?: boolean;
      }) => {
        const api = client();
        const participants: string[] = [];
        for (const p of options.participant ?? [])
          participants.push(UUID.test(p) ? p : (await findOrganisation(api, p)).id);
        const declared = await api.declare({
          title: options.title,
          summary: options.summary,
          category: options.category,
          level: options.level,
          mode: options.mode,
          participants,
          platforms: options.platform ?? [],
          ...(options.criteria ? { criteria: options.criteria } : {}),
          ...(options.rationale ? { rationale: options.rationale } : {}),
        });
        print(
          options,
          declared,
          () => `declared ${declared.ref} (${declared.status})\n${incidentRecord(declared)}`,
        );
      },
    );

  incident
    .command('list')
    .description('the incidents you may see, newest first')
    .addOption(new Option('--status <status>').choices(INCIDENT_STATUSES))
    .addOption(new Option('--mode <mode>').choices(INCIDENT_MODES))
    .option(...json)
    .action(async (options: { status?: IncidentStatus; mode?: IncidentMode } & Json) => {
      const page = await client().incidents({ status: options.status, mode: options.mode });
      print(options, page, () =>
        table(page.items, [
          { header: 'REF', value: (i) => i.ref },
          { header: 'STATUS', value: (i) => i.status },
          { header: 'LEVEL', value: (i) => i.level },
          { header: 'OVERDUE', value: (i) => i.overdueCount },
          { header: 'CREATED', value: (i) => i.createdAt.slice(0, 16).replace('T', ' ') },
          { header: 'TITLE', value: (i) => i.title },
        ]),
      );
    });

  incident
    .command('show <incident>')
    .description('one incident, by reference or id, with its containment per platform')
    .option(...json)
    .action(async (ref: string, options: Json) => {
      const api = client();
      const shown = await api.incident(ref);
      const containment = await api.containment(shown.id);
      print(options, { ...shown, containment: containment.platforms }, () =>
        [
          incidentRecord(shown),
          containment.platforms.length
            ? `\n${table(containment.platforms, [
                { header: 'PLATFORM', value: (p) => p.platformKey },
                { header: 'ITEMS', value: (p) => p.total },
                { header: 'OVERDUE', value: (p) => p.overdue },
                { header: 'MEDIAN ACK MIN', value: (p) => p.ackMinutes.median },
                {
                  header: 'WITHIN DEADLINE',
                  value: (p) =>
                    p.withinDeadlineShare === null ? null : `${Math.round(p.withinDeadlineShare * 100)}%`,
                },
              ])}`
            : '',
        ].join(''),
      );
    });

  incident
    .command('share <incident>')
    .description('share a URL, an account, a hash or a narrative with an incident')
    .option('--url <url>', 'a URL where the content is')
    .option('--narrative <title>', 'a claim or trend, by its title')
    .option(
      '--example <url>',
      'an example URL of the narrative (repeatable; never fetched)',
      // Whole: a URL may hold commas.
      (url: string, previous: string[] = []) => [...previous, url],
      [],
    )
    .option('--technique <id>', 'a DISARM technique id such as T0022.001 (repeatable)', collect, [])
    .option('--account <platformKey:handle>', 'an account on a platform')
    .option('--hash <algorithm:value>', `a hash (${HASH_ALGORITHMS.join(', ')})`)
    .addOption(new Option('--channel <channel>').choices(CHANNELS).makeOptionMandatory())
    .option('--legal-reference <ref>', 'the legal basis, required for a removal_order')
    .option('--platform <platformKey>', 'the platform concerned, when the URL does not say')
    .option(...json)
    .action(async (ref: string, options: Parameters<typeof itemOf>[0] & Json) => {
      const answer: ShareResult = await client().share(ref, itemOf(options));
      const { item } = answer;
      print(options, answer, () =>
        [
          `${answer.duplicate ? 'already shared' : 'shared'} item ${item.id}`,
          ...item.containment.map((c) => `  ${cellLine(c)}`),
        ]
          .join('\n')
          .concat('\n'),
      );
    });

  incident
    .command('contain <incident> <itemId> <platformKey> <status>')
    .description(`record a platform's containment of an item (${CELL_STATUSES.join(', ')})`)
    .option('--reason <reason>', 'why, where the status asks for one')
    .addOption(
      new Option(
        '--via <channel>',
        'how the platform answered: hub for its liaison; a coordinator names the channel it was told by',
      ).choices(ANSWER_CHANNELS),
    )
    .option('--reported-by <who>', 'who at the platform gave the answer a coordinator records')
    .option(...json)
    .action(
      async (
        ref: string,
        itemId: string,
        platformKey: string,
        status: string,
        options: { reason?: string; via?: AnswerChannel; reportedBy?: string } & Json,
      ) => {
        if (!(CELL_STATUSES as readonly string[]).includes(status))
          throw new InvalidArgumentError(`status must be one of ${CELL_STATUSES.join(', ')}`);
        const cell = await client().contain(ref, itemId, platformKey, status as CellStatus, options.reason, {
          via: options.via,
          reportedBy: options.reportedBy,
        });
        print(options, cell, () => `${cellLine(cell)}\n`);
      },
    );

  const act = (
    name: string,
    description: string,
    run: (
      api: HubClient,
      ref: string,
      arg: string | undefined,
      options: Record<string, string | undefined>,
    ) => Promise<IncidentView>,
    argument?: string,
  ) => {
    const command = incident
      .command(`${name} <incident>${argument ? ` <${argument}>` : ''}`)
      .description(description);
    if (name === 'close') command.requiredOption('--summary <summary>', 'how it ended, for the record');
    command.option('--rationale <text>', 'why, for the record').option(...json);
    command.action(async (ref: string, ...rest: unknown[]) => {
      const arg = argument ? (rest[0] as string) : undefined;
      const options = (argument ? rest[1] : rest[0]) as Record<string, string | undefined> & Json;
      const changed = await run(client(), ref, arg, options);
      print(options, changed, () => `${changed.ref} is ${changed.status}, level ${changed.level}\n`);
    });
  };
  act(
    'level',
    `change an incident's level (${INCIDENT_LEVELS.join(', ')})`,
    (api, ref, level, o) => {
      if (!(INCIDENT_LEVELS as readonly string[]).includes(level ?? ''))
        throw new InvalidArgumentError(`level must be one of ${INCIDENT_LEVELS.join(', ')}`);
      return api.act(ref, 'level', {
        level: level as IncidentLevel,
        ...(o.rationale ? { rationale: o.rationale } : {}),
      });
    },
    'level',
  );
  act('stand-down', 'stand an incident down: no new work, open cells still answered', (api, ref, _, o) =>
    api.act(ref, 'stand-down', o.rationale ? { rationale: o.rationale } : {}),
  );
  act('close', 'close an incident with its closing summary', (api, ref, _, o) =>
    api.act(ref, 'close', { summary: o.summary, ...(o.rationale ? { rationale: o.rationale } : {}) }),
  );
}
