import { useEffect, useState } from 'preact/hooks';
import type { EventView, ExerciseRunView } from '@hub/contracts';
import { href, navigate } from '../hash.router';
import { useSession } from '../session';
import { describeEvent } from '../state/describe';
import { useIncidentRoom } from '../state/use-room';
import { Badge, ErrorNote, Field, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { term, tr, when } from '../language';

/** The exercise controller's page: upload scenarios, start one at a chosen speed, find past runs. */
export function ExercisesPage() {
  const { api } = useSession();
  const scenarios = useLoad(() => api.scenarios(), []);
  const runs = useLoad(() => api.exercises(), []);
  const [text, setText] = useState('');
  const [scenarioId, setScenarioId] = useState('');
  const [speed, setSpeed] = useState('60');
  const upload = useSubmit(
    () => api.uploadScenario(text),
    (scenario) => {
      setText('');
      setScenarioId(scenario.id);
      scenarios.reload();
    },
  );
  const start = useSubmit(
    () => api.startExercise(scenarioId, Number(speed)),
    (run) => navigate({ page: 'exercise', id: run.id }),
  );
  const chosen = scenarioId || scenarios.value?.items[0]?.id || '';
  useEffect(() => {
    if (!scenarioId && chosen) setScenarioId(chosen);
  }, [chosen]);
  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  return (
    <div class="page exercises-page">
      <h1>{tr('console.nav.exercises')}</h1>
      <div class="two-columns">
        <form class="card" aria-label={tr('console.exercises.upload')} onSubmit={upload.submit}>
          <h2>{tr('console.exercises.upload')}</h2>
          <Field id="scenario-file" label={tr('console.exercises.file')}>
            <input
              id="scenario-file"
              type="file"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              onChange={(e) => void readFile(e.currentTarget.files?.[0])}
            />
          </Field>
          <TextField
            id="scenario-text"
            label={tr('console.exercises.paste')}
            rows={10}
            value={text}
            onValue={setText}
            error={upload.error?.message}
            attributes={{ spellcheck: false }}
          />
          <button type="submit" disabled={upload.busy || !text.trim()}>
            {tr('console.exercises.uploadSubmit')}
          </button>
        </form>
        <form class="card" aria-label={tr('console.exercises.start')} onSubmit={start.submit}>
          <h2>{tr('console.exercises.start')}</h2>
          <SelectField
            id="scenario"
            label={tr('console.exercises.scenario')}
            value={chosen}
            onValue={setScenarioId}
            options={(scenarios.value?.items ?? []).map((s) => ({
              value: s.id,
              label: tr('console.exercises.scenarioOption', {
                name: s.name,
                injects: s.injects,
                level: term('level', s.level),
              }),
            }))}
            error={start.fieldError('scenarioId')}
          />
          <TextField
            id="speed"
            label={tr('console.exercises.speed')}
            type="number"
            value={speed}
            onValue={setSpeed}
            error={start.fieldError('speed')}
            hint={tr('console.exercises.speedHint')}
            attributes={{ min: 1, max: 1000 }}
          />
          <ErrorNote error={start.error} />
          <button type="submit" disabled={start.busy || !chosen}>
            {tr('console.exercises.startSubmit')}
          </button>
        </form>
      </div>
      <section aria-label={tr('console.exercises.runs')}>
        <h2>{tr('console.exercises.runs')}</h2>
        <ErrorNote error={runs.error} />
        <table class="list">
          <ListHead
            columns={[
              tr('console.exercises.started'),
              tr('console.field.status'),
              tr('console.exercises.speedColumn'),
              tr('console.exercises.injects'),
              tr('console.exercises.score'),
            ]}
          />
          <tbody>
            {(runs.value?.items ?? []).map((run) => (
              <tr key={run.id}>
                <td>
                  <a href={href({ page: 'exercise', id: run.id })}>{when(run.createdAt)}</a>
                </td>
                <td>
                  <Badge kind="run" value={run.status} />
                </td>
                <td>{tr('console.exercises.times', { speed: run.speed })}</td>
                <td>
                  {run.injects.fired}/{run.injects.total}
                </td>
                <td>{run.score.overall}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

const clock = (seconds: number) => {
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** One run: its clock, injects and score, the controls, and the injects as they fire. */
export function ExercisePage(props: { runId: string }) {
  const { api } = useSession();
  const [run, setRun] = useState<ExerciseRunView | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const next = await api.exercise(props.runId);
        if (!alive) return;
        setRun(next);
        setError(null);
        if (next.status === 'completed' || next.status === 'aborted') return;
      } catch (e) {
        if (alive) setError(e as Error);
      }
      timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [props.runId]);
  const control = useAction();
  const act = (action: 'pause' | 'resume' | 'abort') =>
    control.run(() => api.controlExercise(props.runId, action), setRun);
  if (!run)
    return (
      <div class="page">
        {error ? <ErrorNote error={error} /> : <p class="muted">{tr('console.loading')}</p>}
      </div>
    );
  const done = run.status === 'completed' || run.status === 'aborted';
  return (
    <div class="page exercise-page" data-run={run.id} data-status={run.status}>
      <h1>
        {tr('console.exercises.exercise')} <Badge kind="run" value={run.status} />
      </h1>
      <div class="exercise-status">
        <p class="clock" aria-label={tr('console.exercises.clock')}>
          <span class="big" role="timer">
            {clock(run.clock.scenarioSeconds)}
          </span>{' '}
          {tr('console.exercises.clockAt', { speed: run.speed, paused: run.clock.paused ? 'yes' : 'no' })}
        </p>
        <p>
          <label for="inject-progress">{tr('console.exercises.fired')}</label>{' '}
          <progress id="inject-progress" max={run.injects.total} value={run.injects.fired} />{' '}
          {tr('console.exercises.firedOf', { fired: run.injects.fired, total: run.injects.total })}
        </p>
        <div class="actions" role="group" aria-label={tr('console.exercises.controls')}>
          <button type="button" disabled={run.status !== 'running'} onClick={() => void act('pause')}>
            {tr('console.exercises.pause')}
          </button>
          <button type="button" disabled={run.status !== 'paused'} onClick={() => void act('resume')}>
            {tr('console.exercises.resume')}
          </button>
          <button type="button" class="danger" disabled={done} onClick={() => void act('abort')}>
            {tr('console.exercises.abort')}
          </button>
          {run.incidentId && (
            <a href={href({ page: 'incident', id: run.incidentId })}>
              {tr('console.exercises.openIncident')}
            </a>
          )}
        </div>
        <ErrorNote error={control.error} />
      </div>
      <section aria-labelledby="score-title">
        <h2 id="score-title">
          {tr('console.exercises.scoreLabel')} <span class="score">{run.score.overall}</span> / 100{' '}
          {run.score.provisional && <small class="muted">{tr('console.exercises.provisional')}</small>}
        </h2>
        <table class="list">
          <ListHead
            columns={[
              tr('console.field.platform'),
              tr('console.exercises.expectation'),
              tr('console.exercises.within'),
              tr('console.exercises.actual'),
              tr('console.exercises.met'),
            ]}
          />
          <tbody>
            {run.score.expectations.map((e) => (
              <tr key={`${e.platformKey}-${e.kind}`}>
                <td>{e.platformKey}</td>
                <td>
                  {e.kind === 'acknowledge'
                    ? tr('console.exercises.acknowledge')
                    : tr('console.exercises.act')}
                </td>
                <td>{tr('console.chart.minutes', { n: e.withinMinutes })}</td>
                <td>
                  {e.actualMinutes === null
                    ? '—'
                    : tr('console.exercises.actualMinutes', { n: e.actualMinutes })}
                </td>
                <td
                  class={
                    e.met ? 'met' : run.score.provisional && e.actualMinutes === null ? 'open' : 'missed'
                  }
                >
                  {e.met
                    ? tr('console.exercises.resultMet')
                    : run.score.provisional && e.actualMinutes === null
                      ? tr('console.exercises.resultOpen')
                      : tr('console.exercises.resultMissed')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {run.incidentId && <Injects incidentId={run.incidentId} />}
    </div>
  );
}

function Injects(props: { incidentId: string }) {
  const session = useSession();
  const { state } = useIncidentRoom(session, props.incidentId);
  const injects: EventView[] = (state?.timeline ?? [])
    .filter((e) => e.type.startsWith('exercise.'))
    .reverse();
  return (
    <section aria-labelledby="injects-title">
      <h2 id="injects-title">{tr('console.exercises.injects')}</h2>
      <ol class="timeline-list" aria-live="polite">
        {injects.map((e) => (
          <li key={e.seq} data-seq={e.seq}>
            <span class="seq">#{e.seq}</span> {describeEvent(e, session.orgName)}
            {(e.data as { refused?: string }).refused && (
              <span class="muted">
                {' — '}
                {tr('console.exercises.refused', { reason: (e.data as { refused?: string }).refused })}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
