import { useEffect, useState } from 'preact/hooks';
import type { WarningSeverity, WarningView } from '@hub/contracts';
import { href } from '../hash.router';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';

const SEVERITIES: { value: WarningSeverity; label: string }[] = [
  { value: 'info', label: 'Information' },
  { value: 'warning', label: 'Warning' },
  { value: 'urgent', label: 'Urgent' },
];

/** The elections the member may see, each with its window and status. */
export function ElectionsPage() {
  const { api } = useSession();
  const elections = useLoad(() => api.elections().then((p) => p.items), []);
  return (
    <div class="page elections-page">
      <h1>Elections</h1>
      <ErrorNote error={elections.error} />
      <table class="elections">
        <caption>Elections</caption>
        <ListHead columns={['Name', 'Country', 'Window', 'Status']} />
        <tbody>
          {(elections.value ?? []).map((e) => (
            <tr key={e.id}>
              <td>
                <a href={href({ page: 'election', id: e.id })}>{e.name}</a>
              </td>
              <td>{e.country ?? ''}</td>
              <td>
                {e.activeFrom.slice(0, 10)} to {e.activeUntil.slice(0, 10)}
              </td>
              <td>
                <Badge kind="election" value={e.status} />
              </td>
            </tr>
          ))}
          {elections.value?.length === 0 && (
            <tr>
              <td colSpan={4}>No election yet.</td>
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
      <h1>{election.value?.name ?? 'Election'}</h1>
      {election.value && (
        <p class="hint">
          {election.value.activeFrom.slice(0, 10)} to {election.value.activeUntil.slice(0, 10)} ·{' '}
          <Badge kind="election" value={election.value.status} /> · voting on{' '}
          {election.value.votingDays.join(', ')}
        </p>
      )}
      <ErrorNote error={election.error ?? loaded.error ?? acknowledge.error} />
      <table class="warnings" aria-live="polite">
        <caption>Warnings</caption>
        <ListHead columns={['Severity', 'Warning', 'From', 'Issued', 'Waiting for']} action />
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
                <td>{new Date(w.createdAt).toLocaleString()}</td>
                <td>{w.pending.length ? w.pending.map((id) => orgName(id)).join(', ') : 'nobody'}</td>
                <td>
                  {mine && (
                    <button
                      type="button"
                      disabled={acknowledge.busy}
                      onClick={() => void acknowledge.run(() => api.acknowledgeWarning(w.id), replace)}
                    >
                      Acknowledge
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {loaded.value && warnings.length === 0 && (
            <tr>
              <td colSpan={6}>No warning yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {participates && (
        <form class="card" aria-label="Warn the other participants" onSubmit={issue.submit}>
          <h2>Warn the other participants</h2>
          <TextField
            id="warning-title"
            label="Title"
            value={title}
            onValue={setTitle}
            error={issue.fieldError('title')}
            maxLength={200}
          />
          <TextField
            id="warning-text"
            label="What is happening"
            value={text}
            onValue={setText}
            error={issue.fieldError('text')}
            maxLength={5000}
            rows={4}
          />
          <SelectField
            id="warning-severity"
            label="Severity"
            value={severity}
            onValue={setSeverity}
            options={SEVERITIES}
          />
          <ErrorNote error={issue.error && !Object.keys(issue.error.fields).length ? issue.error : null} />
          <button type="submit" disabled={issue.busy || !title.trim() || !text.trim()}>
            Send the warning
          </button>
        </form>
      )}
    </div>
  );
}
