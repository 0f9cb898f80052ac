import { useEffect, useState } from 'preact/hooks';
import type { WarningSeverity, WarningView } from '@hub/contracts';
import { href } from '../hash.router';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { day, tr, when } from '../language';

const SEVERITIES: WarningSeverity[] = ['info', 'warning', 'urgent'];
const severityLabel = (s: WarningSeverity) =>
  s === 'info'
    ? tr('console.elections.severity.info')
    : s === 'warning'
      ? tr('console.elections.severity.warning')
      : tr('console.elections.severity.urgent');

/** The elections the member may see, each with its window and status. */
export function ElectionsPage() {
  const { api } = useSession();
  const elections = useLoad(() => api.elections().then((p) => p.items), []);
  return (
    <div class="page elections-page">
      <h1>{tr('console.elections.title')}</h1>
      <ErrorNote error={elections.error} />
      <table class="elections">
        <caption>{tr('console.elections.title')}</caption>
        <ListHead
          columns={[
            tr('console.field.name'),
            tr('console.field.country'),
            tr('console.elections.window'),
            tr('console.field.status'),
          ]}
        />
        <tbody>
          {(elections.value ?? []).map((e) => (
            <tr key={e.id}>
              <td>
                <a href={href({ page: 'election', id: e.id })}>{e.name}</a>
              </td>
              <td>{e.country ?? ''}</td>
              <td>{tr('console.elections.span', { from: day(e.activeFrom), to: day(e.activeUntil) })}</td>
              <td>
                <Badge kind="election" value={e.status} />
              </td>
            </tr>
          ))}
          {elections.value?.length === 0 && (
            <tr>
              <td colSpan={4}>{tr('console.elections.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One election's warnings between its participants: new ones arrive live (the socket hears them without
 * joining anything), a receiving organisation acknowledges them, and a participant issues one.
 */
export function ElectionPage(props: { electionId: string }) {
  const { api, room, me, orgName } = useSession();
  const election = useLoad(() => api.election(props.electionId), [props.electionId]);
  const loaded = useLoad(() => api.warnings(props.electionId).then((p) => p.items), [props.electionId]);
  const [warnings, setWarnings] = useState<WarningView[]>([]);
  useEffect(() => setWarnings(loaded.value ?? []), [loaded.value]);
  useEffect(() => {
    const offWarning = room.onWarning((w) => {
      if (w.electionId === props.electionId) setWarnings((list) => [w, ...list.filter((x) => x.id !== w.id)]);
    });
    // An acknowledgement of one's own warning: read the list again (the event says who, the list says all).
    const offAck = room.onWarningAcknowledged((a) => {
      if (a.electionId === props.electionId) loaded.reload();
    });
    // Back after a lost connection: what arrived meanwhile was not pushed, so read the list again.
    const reconnected = () => loaded.reload();
    room.socket.io.on('reconnect', reconnected);
    return () => (offWarning(), offAck(), room.socket.io.off('reconnect', reconnected));
  }, [props.electionId]);
  const acknowledge = useAction();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<WarningSeverity>('warning');
  const issue = useSubmit(
    () => api.issueWarning(props.electionId, { title, text, severity }),
    (w) => {
      setTitle('');
      setText('');
      setWarnings((list) => [w, ...list]);
    },
  );
  const participates =
    election.value?.participants.includes(me.organisation.id) &&
    me.member.role !== 'observer' &&
    me.member.role !== 'admin';
  const replace = (w: WarningView) => setWarnings((list) => list.map((x) => (x.id === w.id ? w : x)));
  return (
    <div class="page election-page">
      <h1>{election.value?.name ?? tr('console.elections.election')}</h1>
      {election.value && (
        <p class="hint">
          {tr('console.elections.span', {
            from: day(election.value.activeFrom),
            to: day(election.value.activeUntil),
          })}{' '}
          · <Badge kind="election" value={election.value.status} /> ·{' '}
          {tr('console.elections.voting', { days: election.value.votingDays.map(day).join(', ') })}
        </p>
      )}
      <ErrorNote error={election.error ?? loaded.error ?? acknowledge.error} />
      <table class="warnings" aria-live="polite">
        <caption>{tr('console.elections.warnings')}</caption>
        <ListHead
          columns={[
            tr('console.elections.severity'),
            tr('console.elections.warning'),
            tr('console.elections.from'),
            tr('console.elections.issued'),
            tr('console.elections.waitingFor'),
          ]}
          action
        />
        <tbody>
          {warnings.map((w) => {
            const mine = w.pending.includes(me.organisation.id);
            return (
              <tr key={w.id} class={`warning warning-${w.severity}`}>
                <td>
                  <Badge kind="severity" value={w.severity} />
                </td>
                <td>
                  <strong>{w.title}</strong>
                  <p>{w.text}</p>
                </td>
                <td>{orgName(w.issuedBy.organisationId)}</td>
                <td>{when(w.createdAt)}</td>
                <td>
                  {w.pending.length
                    ? w.pending.map((id) => orgName(id)).join(', ')
                    : tr('console.event.nobody')}
                </td>
                <td>
                  {mine && (
                    <button
                      type="button"
                      disabled={acknowledge.busy}
                      onClick={() => void acknowledge.run(() => api.acknowledgeWarning(w.id), replace)}
                    >
                      {tr('console.outcome.acknowledged')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {loaded.value && warnings.length === 0 && (
            <tr>
              <td colSpan={6}>{tr('console.elections.noWarning')}</td>
            </tr>
          )}
        </tbody>
      </table>
      {participates && (
        <form class="card" aria-label={tr('console.elections.warn')} onSubmit={issue.submit}>
          <h2>{tr('console.elections.warn')}</h2>
          <TextField
            id="warning-title"
            label={tr('console.field.title')}
            value={title}
            onValue={setTitle}
            error={issue.fieldError('title')}
            maxLength={200}
          />
          <TextField
            id="warning-text"
            label={tr('console.elections.text')}
            value={text}
            onValue={setText}
            error={issue.fieldError('text')}
            maxLength={5000}
            rows={4}
          />
          <SelectField
            id="warning-severity"
            label={tr('console.elections.severity')}
            value={severity}
            onValue={setSeverity}
            options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))}
          />
          <ErrorNote error={issue.error && !Object.keys(issue.error.fields).length ? issue.error : null} />
          <button type="submit" disabled={issue.busy || !title.trim() || !text.trim()}>
            {tr('console.elections.send')}
          </button>
        </form>
      )}
    </div>
  );
}
