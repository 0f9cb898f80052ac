import { useState } from 'preact/hooks';
import {
  CATEGORIES,
  INCIDENT_LEVELS,
  LIMITS,
  type Category,
  type IncidentLevel,
  type IncidentView,
  type OrganisationView,
} from '@hub/contracts';
import { canDeclare, initialStatus } from '@hub/domain';
import { href, navigate } from '../hash.router';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useLoad, useRefresh, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';

export function IncidentsPage() {
  const { api, me } = useSession();
  const live = useLoad(() => api.incidents({ mode: 'live' }), []);
  const drills = useLoad(() => api.incidents({ mode: 'exercise' }), []);
  // Lists follow new incidents and overdue counts without a reload.
  useRefresh(() => {
    live.reload();
    drills.reload();
  });
  return (
    <div class="page incidents-page">
      <h1>Incidents</h1>
      {canDeclare(me.member.role) && <DeclareForm />}
      <IncidentTable caption="Live incidents" rows={live.value?.items} error={live.error} />
      <IncidentTable caption="Exercises" rows={drills.value?.items} error={drills.error} />
    </div>
  );
}

function IncidentTable(props: { caption: string; rows?: IncidentView[]; error: Error | null }) {
  return (
    <section aria-label={props.caption}>
      <h2>{props.caption}</h2>
      <ErrorNote error={props.error} />
      {!props.rows ? (
        <p class="muted">Loading…</p>
      ) : props.rows.length === 0 ? (
        <p class="muted">None you can see.</p>
      ) : (
        <table class="list">
          <ListHead columns={['Ref', 'Title', 'Level', 'Status', 'Overdue', 'Platforms', 'Declared']} />
          <tbody>
            {props.rows.map((incident) => (
              <tr key={incident.id} data-incident={incident.id}>
                <td>
                  <a href={href({ page: 'incident', id: incident.id })}>{incident.ref}</a>
                </td>
                <td>{incident.title}</td>
                <td>
                  <Badge kind="level" value={incident.level} />
                </td>
                <td>
                  <Badge kind="status" value={incident.status} />
                </td>
                <td class={incident.overdueCount ? 'overdue-count' : 'muted'}>
                  {incident.overdueCount ? `⚠ ${incident.overdueCount} overdue` : '0'}
                </td>
                <td>{incident.platforms.join(', ')}</td>
                <td>
                  <time dateTime={incident.createdAt}>{new Date(incident.createdAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A coordinator declares an incident (active at once); an authority notifies one for assessment. */
function DeclareForm() {
  const { api, me, organisations } = useSession();
  // Declared straight to active (a coordinator), or notified for assessment: the incident machine's rule.
  const coordinator = initialStatus(me.member.role) === 'active';
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState<Category>('terrorist_content');
  const [level, setLevel] = useState<IncidentLevel>(coordinator ? 'crisis' : 'incident');
  const [participants, setParticipants] = useState<string[]>([]);
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [criteria, setCriteria] = useState('');
  const [rationale, setRationale] = useState('');
  // Declared under an election open now, the incident takes the election's participants and platforms.
  const elections = useLoad(() => api.elections({ status: 'active' }).then((p) => p.items), []);
  const [electionId, setElectionId] = useState('');
  const others = organisations.filter(
    (o) => o.kind !== 'platform' && o.id !== me.organisation.id && !o.simulated,
  );
  const platformOrgs = organisations.filter((o) => o.kind === 'platform' && o.platformKey && !o.simulated);
  const form = useSubmit(
    () =>
      api.declare({
        title,
        summary,
        category,
        level,
        mode: 'live',
        participants,
        platforms,
        criteria: criteria
          .split('\n')
          .map((c) => c.trim())
          .filter(Boolean),
        ...(rationale.trim() ? { rationale } : {}),
        ...(electionId ? { electionId } : {}),
      }),
    (incident) => navigate({ page: 'incident', id: incident.id }),
  );
  const toggle = (list: string[], set: (v: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const label = coordinator ? 'Declare an incident' : 'Notify a possible crisis';
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form class="card declare" onSubmit={form.submit} aria-label={label} noValidate>
      <h2>{label}</h2>
      {!coordinator && <p class="muted">The coordinator assesses it before the protocol is activated.</p>}
      <TextField
        id="title"
        label="Title"
        value={title}
        onValue={setTitle}
        maxLength={LIMITS.title}
        error={form.fieldError('title')}
      />
      <TextField
        id="summary"
        label="Summary"
        rows={3}
        value={summary}
        onValue={setSummary}
        maxLength={LIMITS.summary}
        error={form.fieldError('summary')}
      />
      <div class="row">
        <SelectField
          id="category"
          label="Category"
          value={category}
          onValue={setCategory}
          options={CATEGORIES}
          error={form.fieldError('category')}
        />
        <SelectField
          id="level"
          label="Level"
          value={level}
          onValue={setLevel}
          options={INCIDENT_LEVELS}
          error={form.fieldError('level')}
        />
      </div>
      {elections.value?.length ? (
        <SelectField
          id="election"
          label="Under the election"
          value={electionId}
          onValue={setElectionId}
          options={[
            { value: '', label: 'None' },
            ...elections.value.map((e) => ({ value: e.id, label: e.name })),
          ]}
          error={form.fieldError('electionId')}
        />
      ) : null}
      <OrgChoice
        legend="Participants"
        error={form.fieldError('participants')}
        options={others}
        value={(o) => o.id}
        chosen={participants}
        onToggle={(v) => toggle(participants, setParticipants, v)}
      />
      <OrgChoice
        legend="Platforms"
        error={form.fieldError('platforms')}
        options={platformOrgs}
        value={(o) => o.platformKey!}
        chosen={platforms}
        onToggle={(v) => toggle(platforms, setPlatforms, v)}
      />
      <TextField
        id="criteria"
        label="Activation criteria met (one per line)"
        rows={2}
        value={criteria}
        onValue={setCriteria}
        error={form.fieldError('criteria')}
      />
      <TextField
        id="rationale"
        label="Rationale"
        value={rationale}
        onValue={setRationale}
        maxLength={LIMITS.rationale}
        error={form.fieldError('rationale')}
      />
      <ErrorNote error={form.error} />
      <div class="actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Sending…' : coordinator ? 'Declare' : 'Notify'}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function OrgChoice(props: {
  legend: string;
  error?: string;
  options: OrganisationView[];
  value: (o: OrganisationView) => string;
  chosen: string[];
  onToggle: (value: string) => void;
}) {
  const id = props.legend.toLowerCase();
  return (
    <fieldset
      class={`choices${props.error ? ' has-error' : ''}`}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.length === 0 && <span class="muted">None registered.</span>}
      {props.options.map((o) => (
        <label key={o.id} class="choice">
          <input
            type="checkbox"
            name={id}
            value={props.value(o)}
            checked={props.chosen.includes(props.value(o))}
            onChange={() => props.onToggle(props.value(o))}
          />
          {o.name}
          {o.country ? ` (${o.country})` : ''}
        </label>
      ))}
      {props.error && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </fieldset>
  );
}
