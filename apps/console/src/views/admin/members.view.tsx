import { useState } from 'preact/hooks';
import { ROLES, type MemberView, type OrganisationView, type Role } from '@hub/contracts';
// The role a member of each kind of organisation has, to preselect; the hub refuses any other.
import { ROLE_OF_KIND } from '@hub/domain';
import { href } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { activeBadge } from './active-badge';
import { ListHead } from '../../ui/list-head';

/** The organisation's members, each opening their own page, and a form to add one. */
export function Members(props: { organisation: OrganisationView }) {
  const { api } = useSession();
  const organisationId = props.organisation.id;
  const members = useLoad(() => api.members(organisationId), [organisationId]);
  const action = useAction();
  const toggle = (m: MemberView) =>
    void action.run(() => api.updateMember(m.id, { active: !m.active }), members.reload);
  return (
    <section aria-label="Members">
      <h2>Members</h2>
      <ErrorNote error={members.error ?? action.error} />
      <table class="list">
        <ListHead columns={['Name', 'Role', 'Since', 'State']} action />
        <tbody>
          {(members.value?.items ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <a href={href({ page: 'member', organisationId: organisationId, id: m.id })}>
                  {m.displayName}
                </a>
              </td>
              <td>{m.role}</td>
              <td>{new Date(m.createdAt).toLocaleDateString()}</td>
              <td>{activeBadge(m.active)}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  aria-label={`${m.active ? 'Deactivate' : 'Reactivate'} ${m.displayName}`}
                  onClick={() => toggle(m)}
                >
                  {m.active ? 'Deactivate' : 'Reactivate'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddMember organisation={props.organisation} onAdded={members.reload} />
    </section>
  );
}

function AddMember(props: { organisation: OrganisationView; onAdded: () => void }) {
  const { api } = useSession();
  const fields = useMemberFields('', ROLE_OF_KIND[props.organisation.kind]);
  const { displayName, role } = fields;
  const [token, setToken] = useState<string | null>(null);
  const add = useSubmit(
    () => api.addMember(props.organisation.id, { displayName, role }),
    (created) => {
      setToken(created.token);
      fields.setDisplayName('');
      props.onAdded();
    },
  );
  return (
    <form class="card" aria-label="Add a member" onSubmit={add.submit} noValidate>
      <h3>Add a member</h3>
      <MemberFields idPrefix="new-member" fields={fields} fieldError={add.fieldError} />
      <ErrorNote error={add.error} />
      {token && (
        <p role="status">
          The member's token, shown once: <code class="secret">{token}</code>
        </p>
      )}
      <button type="submit" disabled={add.busy}>
        Add the member
      </button>
    </form>
  );
}

/** A member's name and role as a form edits them, for adding one and for editing one. */
function useMemberFields(initialName: string, initialRole: Role) {
  const [displayName, setDisplayName] = useState(initialName);
  const [role, setRole] = useState<Role>(initialRole);
  return { displayName, setDisplayName, role, setRole };
}

function MemberFields(props: {
  idPrefix: string;
  fields: ReturnType<typeof useMemberFields>;
  fieldError: (name: string) => string | undefined;
}) {
  const { fields, fieldError } = props;
  return (
    <>
      <TextField
        id={`${props.idPrefix}-name`}
        label="Display name"
        value={fields.displayName}
        onValue={fields.setDisplayName}
        error={fieldError('displayName')}
      />
      <SelectField
        id={`${props.idPrefix}-role`}
        label="Role"
        value={fields.role}
        onValue={fields.setRole}
        options={ROLES}
        error={fieldError('role')}
      />
    </>
  );
}

const when = (at?: string) => (at ? new Date(at).toLocaleString() : 'never');

/** One member: their name and role, their tokens (created, used, revoked) and their live sessions. */
export function MemberPage(props: { organisationId: string; memberId: string }) {
  const { api } = useSession();
  const members = useLoad(() => api.members(props.organisationId), [props.organisationId]);
  const member = members.value?.items.find((m) => m.id === props.memberId);
  if (members.error) return <ErrorNote error={members.error} />;
  if (!members.value) return <p>Loading…</p>;
  if (!member) return <p>No such member.</p>;
  return (
    <div class="page admin-page">
      <p>
        <a href={href({ page: 'organisation', id: props.organisationId })}>Back to the organisation</a>
      </p>
      <h1>{member.displayName}</h1>
      <p>
        {member.role} · since {new Date(member.createdAt).toLocaleDateString()} · {activeBadge(member.active)}
      </p>
      <MemberForm key={JSON.stringify(member)} member={member} onSaved={members.reload} />
      <Tokens memberId={member.id} />
      <Sessions memberId={member.id} />
    </div>
  );
}

function MemberForm(props: { member: MemberView; onSaved: () => void }) {
  const { api } = useSession();
  const m = props.member;
  const fields = useMemberFields(m.displayName, m.role);
  const { displayName, role } = fields;
  const [saved, setSaved] = useState(false);
  const form = useSubmit(
    () => {
      setSaved(false);
      return api.updateMember(m.id, { displayName, role });
    },
    () => {
      setSaved(true);
      props.onSaved();
    },
  );
  return (
    <form class="card" aria-label="Edit the member" onSubmit={form.submit} noValidate>
      <h2>Details</h2>
      <MemberFields idPrefix="member" fields={fields} fieldError={form.fieldError} />
      <ErrorNote error={form.error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={form.busy}>
        Save
      </button>
    </form>
  );
}

function Tokens(props: { memberId: string }) {
  const { api } = useSession();
  const tokens = useLoad(() => api.tokens(props.memberId), [props.memberId]);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useAction();
  const revoke = useAction();
  const [revokedAll, setRevokedAll] = useState<number | null>(null);
  return (
    <section aria-label="Tokens">
      <h2>Tokens</h2>
      <p class="hint">For machines and break-glass access; the hub keeps only a hash of each.</p>
      <ErrorNote error={tokens.error ?? create.error ?? revoke.error} />
      {revokedAll !== null && (
        <p role="status">
          {revokedAll} {revokedAll === 1 ? 'token' : 'tokens'} revoked.
        </p>
      )}
      <table class="list">
        <ListHead columns={['Created', 'Last used', 'State']} action />
        <tbody>
          {(tokens.value?.items ?? []).map((t) => (
            <tr key={t.id} data-token-id={t.id}>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>{t.revokedAt ? `revoked ${new Date(t.revokedAt).toLocaleString()}` : 'valid'}</td>
              <td>
                {!t.revokedAt && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={revoke.busy}
                    aria-label={`Revoke the token created ${new Date(t.createdAt).toLocaleString()}`}
                    onClick={() => void revoke.run(() => api.revokeToken(t.id), tokens.reload)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {secret && (
        <p role="status">
          New token, shown once: <code class="secret">{secret}</code>
        </p>
      )}
      <button
        type="button"
        disabled={create.busy}
        onClick={() =>
          void create.run(
            () => api.createToken(props.memberId),
            (created) => {
              setSecret(created.token);
              tokens.reload();
            },
          )
        }
      >
        Create a token
      </button>{' '}
      <button
        type="button"
        class="danger"
        disabled={revoke.busy}
        onClick={() =>
          void revoke.run(
            () => api.revokeTokens(props.memberId),
            (answer) => {
              setRevokedAll(answer.revoked);
              setSecret(null);
              tokens.reload();
            },
          )
        }
      >
        Revoke every token
      </button>
    </section>
  );
}

/**
 * A member's live sessions. They end by logout, by timeout, by deactivation or by removing the mapping that
 * admitted them; the API has no route to end one session, so there is no button for it.
 */
function Sessions(props: { memberId: string }) {
  const { api } = useSession();
  const sessions = useLoad(() => api.sessions(props.memberId), [props.memberId]);
  return (
    <section aria-label="Sessions">
      <h2>Sessions</h2>
      <ErrorNote error={sessions.error} />
      {sessions.value && !sessions.value.items.length && <p>No live session.</p>}
      <table class="list">
        <ListHead columns={['Issuer', 'Subject', 'Signed in', 'Last used', 'Ends at the latest']} />
        <tbody>
          {(sessions.value?.items ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.issuer}</td>
              <td>{s.subject}</td>
              <td>{new Date(s.createdAt).toLocaleString()}</td>
              <td>{new Date(s.lastUsedAt).toLocaleString()}</td>
              <td>{new Date(s.expiresAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
