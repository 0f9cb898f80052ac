import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ANSWER_CHANNELS,
  INCIDENT_LEVELS,
  LIMITS,
  type AnswerChannel,
  type CellStatus,
  type EventView,
  type IncidentView,
  type ItemView,
} from '@hub/contracts';
import {
  canPerform,
  canTransition,
  canWork,
  isOpenForWork,
  mayPerform,
  type IncidentAction as MachineAction,
} from '@hub/domain';
import type { IncidentAction } from '../hub-api.client';
import { href } from '../hash.router';
import { useSession } from '../session';
import { describeEvent } from '../state/describe';
import { itemLabel, matrixPlatforms } from '../state/incident-state';
import {
  formatCountdown,
  openDeadline,
  platformTimes,
  tallyCells,
  type PlatformTally,
} from '../state/deadlines';
import { useIncidentRoom, useNow } from '../state/use-room';
import {
  mayContain,
  OUTCOME_BUTTONS,
  sendContainment,
  socketErrorText,
  subjectOf,
} from '../state/containment-actions';
import { Badge, ErrorNote, Field, SelectField, TextField, useAction, useSubmit } from '../ui/forms';
import { memo } from '../ui/memo';
import { TimesChart } from './times-chart.view';
import { ContainmentMatrix } from './containment-matrix.view';
import { EvidenceExports } from './evidence-exports.view';
import { ShareForm } from './share-form.view';
import type { MessageKey } from '@hub/i18n';
import { term, timeOfDay, tr } from '../language';

export function RoomPage(props: { incidentId: string }) {
  const session = useSession();
  const { state, presence, error } = useIncidentRoom(session, props.incidentId);
  const [selected, setSelected] = useState<{ itemId: string; platformKey: string } | null>(null);
  const onSelect = useCallback(
    (itemId: string, platformKey: string) => setSelected({ itemId, platformKey }),
    [],
  );
  // The same array for as long as the same platforms: the matrix's rows compare it by identity.
  const platformList = state ? matrixPlatforms(state).join(',') : '';
  const platforms = useMemo(() => (platformList ? platformList.split(',') : []), [platformList]);
  // Times change with the items, not with the clock.
  const times = useMemo(() => platformTimes(state?.items ?? [], platforms), [state?.items, platforms]);
  const now = useNow(1000);
  if (error && !state)
    return (
      <div class="page">
        <ErrorNote error={error} />
        <a href={href({ page: 'incidents' })}>{tr('console.room.back')}</a>
      </div>
    );
  if (!state) return <p class="muted page">{tr('console.room.loading')}</p>;
  const { incident, items } = state;
  const canShare = canWork(subjectOf(session), incident) && isOpen(incident);
  const selectedItem = selected ? items.find((i) => i.id === selected.itemId) : undefined;
  return (
    <div class="room" data-incident={incident.id}>
      <RoomHeader incident={incident} />
      <div class="room-grid">
        <div class="room-main">
          {canShare && <ShareForm incident={incident} />}
          <section aria-labelledby="matrix-title">
            <h2 id="matrix-title">
              {tr('console.room.containment')}{' '}
              <span class="muted">{tr('console.room.itemCount', { count: items.length })}</span>
            </h2>
            <Tallies tallies={tallyCells(items, platforms, now)} />
            {items.length === 0 ? (
              <p class="muted">{tr('console.room.nothingShared')}</p>
            ) : (
              <ContainmentMatrix
                items={items}
                platforms={platforms}
                now={now}
                selected={selected}
                onSelect={onSelect}
                bankHits={state.bankHits}
              />
            )}
            {selectedItem && selected && (
              <CellPanel
                incident={incident}
                item={selectedItem}
                platformKey={selected.platformKey}
                now={now}
                timeline={state.timeline}
                onClose={() => setSelected(null)}
              />
            )}
          </section>
          <section aria-labelledby="chart-title">
            <h2 id="chart-title">{tr('console.room.chartTitle')}</h2>
            <TimesChart times={times} />
          </section>
        </div>
        <aside class="room-side">
          <Presence members={presence} />
          <Messages incident={incident} />
          <Timeline events={state.timeline} items={items} />
        </aside>
      </div>
    </div>
  );
}

/** One line per platform: cells per status and overdue ones, the matrix in numbers. */
function Tallies(props: { tallies: PlatformTally[] }) {
  return (
    <ul class="tallies" aria-label={tr('console.room.tallies')}>
      {props.tallies.map((t) => (
        <li
          key={t.platformKey}
          data-platform={t.platformKey}
          data-acknowledged={t.counts.acknowledged ?? 0}
          data-overdue={t.overdue}
        >
          <strong>{t.platformKey}</strong>{' '}
          {Object.entries(t.counts)
            .map(([status, n]) => tr('console.room.tally', { count: n, status: term('status', status) }))
            .join(', ') || tr('console.room.noCells')}
          {t.overdue > 0 && (
            <span class="overdue-text"> · {tr('console.overdueCount', { count: t.overdue })}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Shares, answers and messages only while the incident is being worked (the hub's own rule). */
const isOpen = (incident: IncidentView) => isOpenForWork(incident.status);

const ACTIONS: { action: MachineAction; path: IncidentAction; label: MessageKey; needs?: 'summary' }[] = [
  { action: 'activate', path: 'activate', label: 'console.room.action.activate' },
  { action: 'reject', path: 'reject', label: 'console.room.action.reject' },
  { action: 'stand_down', path: 'stand-down', label: 'console.room.action.standDown' },
  { action: 'close', path: 'close', label: 'console.room.action.close', needs: 'summary' },
  { action: 'review', path: 'review', label: 'console.room.action.review', needs: 'summary' },
];

function RoomHeader(props: { incident: IncidentView }) {
  const { api, me } = useSession();
  const { incident } = props;
  const coordinator = mayPerform(me.member.role);
  const [text, setText] = useState('');
  const [level, setLevel] = useState(incident.level);
  const act = useAction();
  const run = (path: IncidentAction, body: Record<string, unknown>) =>
    act.run(
      () => api.act(incident.id, path, body),
      () => setText(''),
    );
  return (
    <header class="room-header">
      <div>
        <p class="ref">
          {incident.ref} ·{' '}
          {incident.mode === 'exercise' ? tr('console.room.exerciseMark') : term('mode', 'live')} ·{' '}
          {term('category', incident.category)}
        </p>
        <h1>{incident.title}</h1>
        {incident.origin && (
          <p class="origin">
            {tr('console.room.mirrored', { hub: incident.origin.hub, ref: incident.origin.ref })}
          </p>
        )}
        {!incident.origin && incident.distribution && incident.distribution !== 'hub' && (
          <p class="origin">
            {tr('console.room.distributed', {
              distribution:
                typeof incident.distribution === 'string'
                  ? term('distribution', incident.distribution)
                  : tr('console.distribution.group'),
            })}
          </p>
        )}
        <p class="badges">
          <Badge kind="level" value={incident.level} label={tr('console.field.level')} />
          <Badge kind="status" value={incident.status} label={tr('console.field.status')} />
          <a href={href({ page: 'report', id: incident.id })}>{tr('console.room.report')}</a>
        </p>
        <EvidenceExports incident={incident} />
      </div>
      {coordinator && (
        <form
          class="incident-actions"
          aria-label={tr('console.room.actions')}
          onSubmit={(e) => e.preventDefault()}
        >
          <TextField
            id="action-text"
            label={tr('console.room.rationaleOrSummary')}
            value={text}
            onValue={setText}
            maxLength={LIMITS.summary}
            error={act.fieldError('rationale', 'summary')}
          />
          <div class="actions">
            {ACTIONS.filter((a) => canPerform(incident.status, a.action)).map((a) => (
              <button
                type="button"
                key={a.action}
                onClick={() =>
                  void run(a.path, a.needs ? { summary: text } : text.trim() ? { rationale: text } : {})
                }
              >
                {tr(a.label)}
              </button>
            ))}
            {canPerform(incident.status, 'level') && (
              <span class="level-change">
                <label for="new-level" class="visually-hidden">
                  {tr('console.room.newLevel')}
                </label>
                <select
                  id="new-level"
                  value={level}
                  onChange={(e) => setLevel(e.currentTarget.value as IncidentView['level'])}
                >
                  {INCIDENT_LEVELS.map((l) => (
                    <option value={l}>{term('level', l)}</option>
                  ))}
                </select>
                <button
                  type="button"
                  class="secondary"
                  disabled={level === incident.level}
                  onClick={() => void run('level', { level, ...(text.trim() ? { rationale: text } : {}) })}
                >
                  {tr('console.room.changeLevel')}
                </button>
              </span>
            )}
          </div>
          <ErrorNote error={act.error} />
        </form>
      )}
    </header>
  );
}

function CellPanel(props: {
  incident: IncidentView;
  item: ItemView;
  platformKey: string;
  now: number;
  timeline: EventView[];
  onClose: () => void;
}) {
  const session = useSession();
  const { item, platformKey } = props;
  const cell = item.containment.find((c) => c.platformKey === platformKey);
  const [reason, setReason] = useState('');
  // A coordinator records what a platform said elsewhere: by phone at 3 a.m., in a meeting, by letter.
  const [via, setVia] = useState<AnswerChannel | ''>('');
  const [reportedBy, setReportedBy] = useState('');
  const onBehalf = session.me.member.role === 'coordinator';
  const history = props.timeline.filter(
    (e) =>
      e.type === 'containment.updated' && e.data.itemId === item.id && e.data.platformKey === platformKey,
  );
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [item.id, platformKey]);
  if (!cell) return null;
  const deadline = openDeadline(cell, props.now);
  const allowed = mayContain(session, platformKey) && isOpen(props.incident);
  const send = async (status: CellStatus, needsReason?: boolean) => {
    if (needsReason && !reason.trim()) {
      setError(tr('console.cell.reasonRequired', { status: term('status', status) }));
      return;
    }
    setError(
      await sendContainment(
        session,
        props.incident.id,
        item.id,
        platformKey,
        status,
        needsReason ? reason : undefined,
        onBehalf ? { ...(via ? { via } : {}), reportedBy } : {},
      ),
    );
  };
  return (
    <div class="card cell-panel" role="region" aria-label={tr('console.cell.label')}>
      <h3 tabIndex={-1} ref={heading}>
        {platformKey} · {itemLabel(item)}
      </h3>
      <p>
        {tr('console.field.status')} <Badge kind="status" value={cell.status} />
        {deadline && (
          <span class={deadline.overdue ? 'overdue-text' : ''}>
            {' '}
            {tr('console.cell.deadline', {
              kind: deadline.kind,
              overdue: deadline.overdue ? 'yes' : 'no',
              time: formatCountdown(Math.abs(deadline.msLeft)),
            })}
          </span>
        )}
        {cell.reason && <span> · {tr('console.cell.reason', { reason: cell.reason })}</span>}
      </p>
      {item.legalReference && <p>{tr('console.cell.legalReference', { reference: item.legalReference })}</p>}
      {item.narrative && (
        <div class="narrative">
          {item.narrative.description && <p>{item.narrative.description}</p>}
          {item.narrative.keywords.length > 0 && (
            <p>{tr('console.cell.keywords', { list: item.narrative.keywords.join(', ') })}</p>
          )}
          {item.narrative.languages.length > 0 && (
            <p>{tr('console.cell.languages', { list: item.narrative.languages.join(', ') })}</p>
          )}
          {item.narrative.examples.length > 0 && (
            // Shown as text: examples are evidence named, and the console opens nothing on its own.
            <ul aria-label={tr('console.cell.examples')}>
              {item.narrative.examples.map((u) => (
                <li key={u}>
                  <code>{u}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {item.techniques && item.techniques.length > 0 && (
        <p>{tr('console.cell.techniques', { list: item.techniques.join(', ') })}</p>
      )}
      {allowed && (
        <>
          <TextField
            id="cell-reason"
            label={tr('console.cell.reasonField')}
            value={reason}
            onValue={setReason}
            maxLength={LIMITS.reason}
          />
          {onBehalf && (
            <div class="row">
              <SelectField
                id="cell-via"
                label={tr('console.cell.via')}
                value={via}
                onValue={setVia}
                options={[
                  { value: '', label: tr('console.cell.viaNotSaid') },
                  ...ANSWER_CHANNELS.filter((c) => c !== 'hub').map((c) => ({
                    value: c,
                    label: term('via', c),
                  })),
                ]}
              />
              <TextField
                id="cell-reported-by"
                label={tr('console.cell.reportedBy')}
                value={reportedBy}
                onValue={setReportedBy}
                maxLength={LIMITS.reportedBy}
              />
            </div>
          )}
          <div class="actions">
            {OUTCOME_BUTTONS.filter((b) => canTransition(cell.status, b.status)).map((b) => (
              <button type="button" key={b.status} onClick={() => void send(b.status, b.reason)}>
                {b.label}
              </button>
            ))}
          </div>
        </>
      )}
      {error && (
        <p class="error-note" role="alert">
          {error}
        </p>
      )}
      {history.length > 0 && (
        <>
          <h4>{tr('console.cell.history')}</h4>
          <ol class="cell-history">
            {history.map((e) => (
              <li key={e.seq}>
                <time dateTime={e.at}>{timeOfDay(e.at)}</time>{' '}
                {describeEvent(e, session.orgName, () => itemLabel(item))}
              </li>
            ))}
          </ol>
        </>
      )}
      <button type="button" class="secondary" onClick={props.onClose}>
        {tr('console.close')}
      </button>
    </div>
  );
}

function Presence(props: { members: { memberId: string; organisationId: string; displayName: string }[] }) {
  const { orgName } = useSession();
  return (
    <section aria-labelledby="presence-title" class="presence">
      <h2 id="presence-title">{tr('console.room.presence', { count: props.members.length })}</h2>
      <ul>
        {props.members.map((m) => (
          <li key={m.memberId}>
            <span class="dot" aria-hidden="true" /> {m.displayName}{' '}
            <span class="muted">· {orgName(m.organisationId)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Messages(props: { incident: IncidentView }) {
  const session = useSession();
  const [text, setText] = useState('');
  const canPost = canWork(subjectOf(session), props.incident) && isOpen(props.incident);
  const form = useSubmit(
    async () => {
      const answer = await session.room.postMessage(props.incident.id, text);
      if (!answer.ok) throw Object.assign(new Error(socketErrorText(answer.error)), { fields: {} });
    },
    () => setText(''),
  );
  if (!canPost) return null;
  return (
    <form class="message-form" onSubmit={form.submit} aria-label={tr('console.room.postLabel')}>
      <Field id="message" label={tr('console.room.message')} error={form.error?.message}>
        <textarea
          id="message"
          rows={2}
          value={text}
          maxLength={LIMITS.text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) void form.submit(e);
          }}
        />
      </Field>
      <button type="submit" disabled={form.busy || !text.trim()}>
        {tr('console.room.post')}
      </button>
    </form>
  );
}

function Timeline(props: { events: EventView[]; items: ItemView[] }) {
  const { orgName } = useSession();
  const shown = props.events.slice().reverse();
  const labels = useRef(new Map<string, string>());
  for (const item of props.items)
    if (!labels.current.has(item.id)) labels.current.set(item.id, itemLabel(item));
  const describe = (event: EventView) => describeEvent(event, orgName, (id) => labels.current.get(id));
  return (
    <section aria-labelledby="timeline-title" class="timeline">
      <h2 id="timeline-title">{tr('console.room.timeline')}</h2>
      <ol aria-live="polite" aria-relevant="additions">
        {shown.map((event) => (
          <EventLine key={event.seq} event={event} describe={describe} />
        ))}
      </ol>
    </section>
  );
}

/** One event of the timeline; an event never changes, so its line is rendered once. */
const EventLine = memo(
  (props: { event: EventView; describe: (event: EventView) => string }) => (
    <li
      data-seq={props.event.seq}
      data-type={props.event.type}
      class={`event ${props.event.type.replace('.', '-')}`}
    >
      <span class="seq">#{props.event.seq}</span>{' '}
      <time dateTime={props.event.at}>{timeOfDay(props.event.at)}</time>{' '}
      <span class="text">{props.describe(props.event)}</span>
    </li>
  ),
  (a, b) => a.event === b.event,
);
