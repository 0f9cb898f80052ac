import { cpus } from 'node:os';
import 'reflect-metadata';
import { parseDuration } from '@hub/domain';
import { arg, percentile, round, runBench, saveResult, startBenchHub } from '../lib/bench-hub';

/**
 * The exercise clock: a generated scenario of 1,000 injects run at 600×; firing error = the wall time an
 * inject's event was appended minus its scheduled wall time (start + at / speed). Goal: p99 ≤ 250 ms.
 * Run: `npm run build && node dist/bench/exercise/exercise.bench.js [--injects=1000 --speed=600]`.
 */
const INJECTS = arg('injects', 1000);
const SPEED = arg('speed', 600);
const STEP_SECONDS = arg('step', 6);

function scenario(): string {
  const lines = [
    'name: Generated clock benchmark',
    'category: terrorist_content',
    'level: crisis',
    'organisations:',
    '  coord: { kind: coordinator, name: EU coordination }',
    '  be: { kind: authority, country: BE, name: Federal police }',
    'injects:',
    '  - { at: 0s, by: coord, do: activate, title: Clock benchmark }',
  ];
  for (let i = 1; i < INJECTS; i++)
    lines.push(
      `  - { at: ${i * STEP_SECONDS}s, by: ${i % 2 ? 'be' : 'coord'}, do: post, text: "update ${i}" }`,
    );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const hub = await startBenchHub({ worker: true });
  try {
    const { cast } = hub;
    const uploaded = await cast.coordinator.api.request('POST', '/scenarios', scenario(), {
      'content-type': 'application/yaml',
    });
    if (uploaded.status !== 201)
      throw new Error(`scenario ${uploaded.status} ${JSON.stringify(uploaded.body).slice(0, 300)}`);
    const run = (
      await cast.coordinator.api.post('/exercises', { scenarioId: uploaded.body.id, speed: SPEED })
    ).body;
    const deadline = Date.now() + ((INJECTS * STEP_SECONDS) / SPEED) * 1000 + 120_000;
    for (;;) {
      const state = (await cast.coordinator.api.get(`/exercises/${run.id}`)).body;
      if (state.injects?.fired >= INJECTS || state.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`run not finished: ${JSON.stringify(state).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const events: any[] = [];
    for (let after = 0; ;) {
      const page = (
        await cast.coordinator.api.get(`/incidents/${run.incidentId}/events?after=${after}&limit=500`)
      ).body.items;
      events.push(...page);
      if (page.length < 500) break;
      after = page[page.length - 1].seq;
    }
    const started = events.find((e) => e.type === 'exercise.started');
    const startedAt = new Date(started.data.startedAt).getTime();
    const injects = events.filter((e) => e.type === 'exercise.inject');
    const errors = injects.map(
      (e) => new Date(e.at).getTime() - (startedAt + (parseDuration(e.data.at) * 1000) / SPEED),
    );
    const parsed = injects.map((e) => e.data.index as number);
    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      injects: injects.length,
      distinct: new Set(parsed).size,
      speed: SPEED,
      wallSeconds: round((INJECTS * STEP_SECONDS) / SPEED, 1),
      firingErrorMs: {
        p50: round(percentile(errors, 50)),
        p99: round(percentile(errors, 99)),
        max: round(Math.max(...errors)),
        min: round(Math.min(...errors)),
      },
      goalP99Ms: 250,
    };
    saveResult('exercise', result);
    process.stdout.write(
      [
        '| measure | result | goal |',
        '|---|---|---|',
        `| ${result.injects} injects (${result.distinct} distinct) at ${SPEED}× over ${result.wallSeconds} s of wall time: firing error | p50 ${result.firingErrorMs.p50} ms, p99 ${result.firingErrorMs.p99} ms, max ${result.firingErrorMs.max} ms | p99 ≤ 250 ms |`,
        '',
      ].join('\n'),
    );
  } finally {
    await hub.stop();
  }
}

runBench(main);
