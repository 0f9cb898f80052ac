import { useState } from 'preact/hooks';
import type { OrganisationView, PeerView } from '@hub/contracts';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useLoad, useRefresh, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { num, tr, when } from '../language';

/**
 * The peer hubs and how each stands (last contact, backlog, refusals, the last error), refreshed while
 * open; an admin connects a peer, and names sharing groups of them (docs/federation.md).
 */
export function PeersPage() {
  const { api, me } = useSession();
  const isAdmin = me.member.role === 'admin';
  const peers = useLoad(() => api.peers().then((p) => p.items), []);
  const groups = useLoad(() => api.sharingGroups().then((p) => p.items), []);
  useRefresh(peers.reload);
  return (
    <div class="page peers-page">
      <h1>{tr('console.peers.title')}</h1>
      <p class="muted">{tr('console.peers.intro')}</p>
      <ErrorNote error={peers.error ?? groups.error} />
      {peers.value && peers.value.length === 0 && <p>{tr('console.peers.none')}</p>}
      {peers.value && peers.value.length > 0 && (
        <table class="list">
          <ListHead
            columns={[
              tr('console.field.name'),
              tr('console.peers.state'),
              tr('console.peers.lastContact'),
              tr('console.peers.backlog'),
              tr('console.peers.refusals'),
              tr('console.peers.lastError'),
            ]}
          />
          <tbody>
            {peers.value.map((p) => (
              <PeerRow key={p.id} peer={p} />
            ))}
          </tbody>
        </table>
      )}
      {(groups.value ?? []).length > 0 && (
        <>
          <h2>{tr('console.peers.groups')}</h2>
          <ul>
            {groups.value!.map((g) => (
              <li key={g.id}>
                <strong>{g.name}</strong>{' '}
                {g.peers.map((id) => peers.value?.find((p) => p.id === id)?.name ?? id).join(', ')}{' '}
                <code>{g.id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {isAdmin && <AddPeer onAdded={peers.reload} />}
      {peers.value && peers.value.length > 0 && <AddGroup peers={peers.value} onAdded={groups.reload} />}
    </div>
  );
}

function PeerRow(props: { peer: PeerView }) {
  const p = props.peer;
  return (
    <tr>
      <td>
        <strong>{p.name}</strong> <span class="muted">{p.url}</span>
        {p.exercise && <> · {tr('console.peers.exercisePeer')}</>}
      </td>
      <td>
        <Badge kind="peerState" value={p.state} label={tr('console.peers.state')} />
      </td>
      <td>{p.lastContactAt ? when(p.lastContactAt) : tr('console.peers.never')}</td>
      <td>{p.backlog >= 10_000 ? tr('console.peers.backlogCapped') : num(p.backlog)}</td>
      <td>{num(p.refusals)}</td>
      <td>{p.lastError ? `${when(p.lastError.at)}: ${p.lastError.message}` : ''}</td>
    </tr>
  );
}

function AddPeer(props: { onAdded: () => void }) {
  const { api } = useSession();
  const hubs = useLoad(
    () => api.organisations().then((p) => p.items.filter((o: OrganisationView) => o.kind === 'hub')),
    [],
  );
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [exercise, setExercise] = useState(false);
  const form = useSubmit(
    () => api.addPeer({ name: name.trim(), url: url.trim(), token: token.trim(), organisationId, exercise }),
    () => {
      setName('');
      setUrl('');
      setToken('');
      props.onAdded();
    },
  );
  return (
    <form class="card" aria-label={tr('console.peers.add')} onSubmit={form.submit} noValidate>
      <h2>{tr('console.peers.add')}</h2>
      <TextField
        id="peer-name"
        label={tr('console.field.name')}
        value={name}
        onValue={setName}
        hint={tr('console.peers.nameHint')}
        error={form.fieldError('name')}
      />
      <TextField
        id="peer-url"
        label={tr('console.peers.url')}
        value={url}
        onValue={setUrl}
        error={form.fieldError('url')}
      />
      <TextField
        id="peer-token"
        label={tr('console.peers.token')}
        value={token}
        onValue={setToken}
        hint={tr('console.peers.tokenHint')}
        error={form.fieldError('token')}
      />
      <SelectField
        id="peer-organisation"
        label={tr('console.peers.organisation')}
        value={organisationId}
        onValue={setOrganisationId}
        options={[
          { value: '', label: tr('console.none') },
          ...(hubs.value ?? []).map((o) => ({ value: o.id, label: o.name })),
        ]}
        error={form.fieldError('organisationId')}
      />
      <label>
        <input type="checkbox" checked={exercise} onChange={(e) => setExercise(e.currentTarget.checked)} />{' '}
        {tr('console.peers.exercise')}
      </label>
      <ErrorNote error={form.error} />
      <button type="submit" disabled={form.busy}>
        {tr('console.peers.addSubmit')}
      </button>
    </form>
  );
}

function AddGroup(props: { peers: PeerView[]; onAdded: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const form = useSubmit(
    () => api.createSharingGroup({ name: name.trim(), peers: chosen }),
    () => {
      setName('');
      setChosen([]);
      props.onAdded();
    },
  );
  return (
    <form class="card" aria-label={tr('console.peers.addGroup')} onSubmit={form.submit} noValidate>
      <h2>{tr('console.peers.addGroup')}</h2>
      <TextField
        id="group-name"
        label={tr('console.field.name')}
        value={name}
        onValue={setName}
        error={form.fieldError('name')}
      />
      <fieldset>
        <legend>{tr('console.peers.groupPeers')}</legend>
        {props.peers.map((p) => (
          <label key={p.id}>
            <input
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={() =>
                setChosen(chosen.includes(p.id) ? chosen.filter((id) => id !== p.id) : [...chosen, p.id])
              }
            />{' '}
            {p.name}
          </label>
        ))}
      </fieldset>
      <ErrorNote error={form.error ?? undefined} />
      <button type="submit" disabled={form.busy}>
        {tr('console.peers.addGroupSubmit')}
      </button>
    </form>
  );
}
