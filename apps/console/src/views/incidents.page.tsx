import { useState } from 'preact/hooks';
import {
  CATEGORIES,
  INCIDENT_LEVELS,
  LIMITS,
  type Category,
  type Distribution,
  type IncidentLevel,
  type IncidentView,
  type OrganisationView,
} from '@hub/contracts';
import { canDeclare, initialStatus } from '@hub/domain';
import { href, navigate } from '../hash.router';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useLoad, useRefresh, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { term, tr, when } from '../language';

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
      <h1>{tr('console.incidents.title')}</h1>
      {canDeclare(me.member.role) && <DeclareForm />}
      <IncidentTable caption={tr('console.incidents.live')} rows={live.value?.items} error={live.error} />
      <IncidentTable
        caption={tr('console.incidents.exercises')}
        rows={drills.value?.items}
        error={drills.error}
      />
    </div>
  );
}

function IncidentTable(props: { caption: string; rows?: IncidentView[]; error: Error | null }) {
  return (
    <section aria-label={props.caption}>
      <h2>{props.caption}</h2>
      <ErrorNote error={props.error} />
      {!props.rows ? (
        <p class="muted">{tr('console.loading')}</p>
      ) : props.rows.length === 0 ? (
        <p class="muted">{tr('console.incidents.none')}</p>
      ) : (
        <table class="list">
          <ListHead
            columns={[
              tr('console.incidents.column.ref'),
              tr('console.field.title'),
              tr('console.field.level'),
              tr('console.field.status'),
              tr('console.incidents.column.overdue'),
              tr('console.field.platforms'),
              tr('console.incidents.column.declared'),
            ]}
          />
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
                  {incident.overdueCount ? tr('console.overdueCount', { count: incident.overdueCount }) : '0'}
                </td>
                <td>{incident.platforms.join(', ')}</td>
                <td>
                  <time dateTime={incident.createdAt}>{when(incident.createdAt)}</time>
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
  // Which peer hubs receive it (docs/federation.md): only those this member may read the groups of.
  const groups = useLoad(
    () =>
      api.sharingGroups().then(
        (p) => p.items,
        () => [],
      ),
    [],
  );
  const [distribution, setDistribution] = useState('hub');
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
        ...(distribution === 'hub'
          ? {}
          : {
              distribution: (distribution === 'connected' || distribution === 'all'
                ? distribution
                : { sharingGroup: distribution }) as Distribution,
            }),
      }),
    (incident) => navigate({ page: 'incident', id: incident.id }),
  );
  const toggle = (list: string[], set: (v: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const label = coordinator ? tr('console.declare.title') : tr('console.declare.notifyTitle');
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form class="card declare" onSubmit={form.submit} aria-label={label} noValidate>
      <h2>{label}</h2>
      {!coordinator && <p class="muted">{tr('console.declare.assessed')}</p>}
      <TextField
        id="title"
        label={tr('console.field.title')}
        value={title}
        onValue={setTitle}
        maxLength={LIMITS.title}
        error={form.fieldError('title')}
      />
      <TextField
        id="summary"
        label={tr('console.field.summary')}
        rows={3}
        value={summary}
        onValue={setSummary}
        maxLength={LIMITS.summary}
        error={form.fieldError('summary')}
      />
      <div class="row">
        <SelectField
          id="category"
          label={tr('console.field.category')}
          value={category}
          onValue={setCategory}
          options={CATEGORIES}
          term="category"
          error={form.fieldError('category')}
        />
        <SelectField
          id="level"
          label={tr('console.field.level')}
          value={level}
          onValue={setLevel}
          options={INCIDENT_LEVELS}
          term="level"
          error={form.fieldError('level')}
        />
      </div>
      <SelectField
        id="distribution"
        label={tr('console.declare.distribution')}
        value={distribution}
        onValue={setDistribution}
        options={[
          ...(['hub', 'connected', 'all'] as const).map((d) => ({
            value: d,
            label: term('distribution', d),
          })),
          ...(groups.value ?? []).map((g) => ({
            value: g.id,
            label: tr('console.declare.sharingGroup', { name: g.name }),
          })),
        ]}
        error={form.fieldError('distribution')}
      />
      {elections.value?.length ? (
        <SelectField
          id="election"
          label={tr('console.declare.election')}
          value={electionId}
          onValue={setElectionId}
          options={[
            { value: '', label: tr('console.none') },
            ...elections.value.map((e) => ({ value: e.id, label: e.name })),
          ]}
          error={form.fieldError('electionId')}
        />
      ) : null}
      <OrgChoice
        name="participants"
        legend={tr('console.field.participants')}
        error={form.fieldError('participants')}
        options={others}
        value={(o) => o.id}
        chosen={participants}
        onToggle={(v) => toggle(participants, setParticipants, v)}
      />
      <OrgChoice
        name="platforms"
        legend={tr('console.field.platforms')}
        error={form.fieldError('platforms')}
        options={platformOrgs}
        value={(o) => o.platformKey!}
        chosen={platforms}
        onToggle={(v) => toggle(platforms, setPlatforms, v)}
      />
      <TextField
        id="criteria"
        label={tr('console.declare.criteria')}
        rows={2}
        value={criteria}
        onValue={setCriteria}
        error={form.fieldError('criteria')}
      />
      <TextField
        id="rationale"
        label={tr('console.field.rationale')}
        value={rationale}
        onValue={setRationale}
        maxLength={LIMITS.rationale}
        error={form.fieldError('rationale')}
      />
      <ErrorNote error={form.error} />
      <div class="actions">
        <button type="submit" disabled={form.busy}>
          {form.busy
            ? tr('console.sending')
            : coordinator
              ? tr('console.declare.submit')
              : tr('console.declare.notify')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {tr('console.cancel')}
        </button>
      </div>
    </form>
  );
}

function OrgChoice(props: {
  name: string;
  legend: string;
  error?: string;
  options: OrganisationView[];
  value: (o: OrganisationView) => string;
  chosen: string[];
  onToggle: (value: string) => void;
}) {
  // The fields' ids stay English whatever the language: the hub's errors and the tests name them.
  const id = props.name;
  return (
    <fieldset
      class={`choices${props.error ? ' has-error' : ''}`}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.length === 0 && <span class="muted">{tr('console.noneRegistered')}</span>}
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
