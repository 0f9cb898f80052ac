import { useEffect, useState } from 'preact/hooks';
import type { EventView, ExerciseRunView } from '@hub/contracts';
import { href, navigate } from '../hash.router';
import { useSession } from '../session';
import { describeEvent } from '../state/describe';
import { useIncidentRoom } from '../state/use-room';
import { Badge, ErrorNote, Field, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';

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
      <h1>Exercises</h1>
      <div class="two-columns">
        <form class="card" aria-label="Upload a scenario" onSubmit={upload.submit}>
          <h2>Upload a scenario</h2>
          <Field id="scenario-file" label="Scenario file (YAML or JSON)">
            <input
              id="scenario-file"
              type="file"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              onChange={(e) => void readFile(e.currentTarget.files?.[0])}
            />
          </Field>
          <TextField
            id="scenario-text"
            label="…or paste it"
            rows={10}
            value={text}
            onValue={setText}
            error={upload.error?.message}
            attributes={{ spellcheck: false }}
          />
          <button type="submit" disabled={upload.busy || !text.trim()}>
            Upload
          </button>
        </form>
        <form class="card" aria-label="Start an exercise" onSubmit={start.submit}>
          <h2>Start an exercise</h2>
          <SelectField
            id="scenario"
            label="Scenario"
            value={chosen}
            onValue={setScenarioId}
            options={(scenarios.value?.items ?? []).map((s) => ({
              value: s.id,
              label: `${s.name} (${s.injects} injects, ${s.level})`,
            }))}
            error={start.fieldError('scenarioId')}
          />
          <TextField
            id="speed"
            label="Speed (times real time, 1 to 1000)"
            type="number"
            value={speed}
            onValue={setSpeed}
            error={start.fieldError('speed')}
            hint="60 replays an hour of scenario in a minute."
            attributes={{ min: 1, max: 1000 }}
          />
          <ErrorNote error={start.error} />
          <button type="submit" disabled={start.busy || !chosen}>
            Start
          </button>
        </form>
      </div>
      <section aria-label="Runs">
        <h2>Runs</h2>
        <ErrorNote error={runs.error} />
        <table class="list">
          <ListHead columns={['Started', 'Status', 'Speed', 'Injects', 'Score']} />
          <tbody>
            {(runs.value?.items ?? []).map((run) => (
              <tr key={run.id}>
                <td>
                  <a href={href({ page: 'exercise', id: run.id })}>
                    {new Date(run.createdAt).toLocaleString()}
                  </a>
                </td>
                <td>
                  <Badge kind="run" value={run.status} />
                </td>
                <td>{run.speed}×</td>
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
    return <div class="page">{error ? <ErrorNote error={error} /> : <p class="muted">Loading…</p>}</div>;
  const done = run.status === 'completed' || run.status === 'aborted';
  return (
    <div class="page exercise-page" data-run={run.id} data-status={run.status}>
      <h1>
        Exercise <Badge kind="run" value={run.status} />
      </h1>
      <div class="exercise-status">
        <p class="clock" aria-label="Scenario clock">
          <span class="big" role="timer">
            {clock(run.clock.scenarioSeconds)}
          </span>{' '}
          scenario time at {run.speed}×{run.clock.paused ? ' (paused)' : ''}
        </p>
        <p>
          <label for="inject-progress">Injects fired</label>{' '}
          <progress id="inject-progress" max={run.injects.total} value={run.injects.fired} />{' '}
          {run.injects.fired} of {run.injects.total}
        </p>
        <div class="actions" role="group" aria-label="Exercise controls">
          <button type="button" disabled={run.status !== 'running'} onClick={() => void act('pause')}>
            Pause
          </button>
          <button type="button" disabled={run.status !== 'paused'} onClick={() => void act('resume')}>
            Resume
          </button>
          <button type="button" class="danger" disabled={done} onClick={() => void act('abort')}>
            Abort
          </button>
          {run.incidentId && (
            <a href={href({ page: 'incident', id: run.incidentId })}>Open the exercise incident</a>
          )}
        </div>
        <ErrorNote error={control.error} />
      </div>
      <section aria-labelledby="score-title">
        <h2 id="score-title">
          Score: <span class="score">{run.score.overall}</span> / 100{' '}
          {run.score.provisional && <small class="muted">(provisional)</small>}
        </h2>
        <table class="list">
          <ListHead columns={['Platform', 'Expectation', 'Within', 'Actual', 'Met']} />
          <tbody>
            {run.score.expectations.map((e) => (
              <tr key={`${e.platformKey}-${e.kind}`}>
                <td>{e.platformKey}</td>
                <td>{e.kind === 'acknowledge' ? 'acknowledge' : 'act'}</td>
                <td>{e.withinMinutes} min</td>
                <td>{e.actualMinutes === null ? '—' : `${e.actualMinutes.toFixed(1)} min`}</td>
                <td
                  class={
                    e.met ? 'met' : run.score.provisional && e.actualMinutes === null ? 'open' : 'missed'
                  }
                >
                  {e.met
                    ? '✓ met'
                    : run.score.provisional && e.actualMinutes === null
                      ? '… open'
                      : '✗ missed'}
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
      <h2 id="injects-title">Injects</h2>
      <ol class="timeline-list" aria-live="polite">
        {injects.map((e) => (
          <li key={e.seq} data-seq={e.seq}>
            <span class="seq">#{e.seq}</span> {describeEvent(e, session.orgName)}
            {(e.data as { refused?: string }).refused && (
              <span class="muted"> — refused: {(e.data as { refused?: string }).refused}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
