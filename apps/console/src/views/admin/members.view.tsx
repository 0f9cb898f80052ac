import { useState } from 'preact/hooks';
import { ROLES, type MemberView, type OrganisationView, type Role } from '@hub/contracts';
// The role a member of each kind of organisation has, to preselect; the hub refuses any other.
import { ROLE_OF_KIND } from '@hub/domain';
import { href } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { activeBadge } from './active-badge';
import { ListHead } from '../../ui/list-head';
import { localDay, term, tr, when } from '../../language';

/** The organisation's members, each opening their own page, and a form to add one. */
export function Members(props: { organisation: OrganisationView }) {
  const { api } = useSession();
  const organisationId = props.organisation.id;
  const members = useLoad(() => api.members(organisationId), [organisationId]);
  const action = useAction();
  const toggle = (m: MemberView) =>
    void action.run(() => api.updateMember(m.id, { active: !m.active }), members.reload);
  return (
    <section aria-label={tr('console.members.title')}>
      <h2>{tr('console.members.title')}</h2>
      <ErrorNote error={members.error ?? action.error} />
      <table class="list">
        <ListHead
          columns={[
            tr('console.field.name'),
            tr('console.members.role'),
            tr('console.members.since'),
            tr('console.orgs.state'),
          ]}
          action
        />
        <tbody>
          {(members.value?.items ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <a href={href({ page: 'member', organisationId: organisationId, id: m.id })}>
                  {m.displayName}
                </a>
              </td>
              <td>{term('role', m.role)}</td>
              <td>{localDay(m.createdAt)}</td>
              <td>{activeBadge(m.active)}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  aria-label={tr('console.members.switch', {
                    active: m.active ? 'yes' : 'no',
                    name: m.displayName,
                  })}
                  onClick={() => toggle(m)}
                >
                  {m.active ? tr('console.orgs.deactivate') : tr('console.orgs.reactivate')}
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
    <form class="card" aria-label={tr('console.members.add')} onSubmit={add.submit} noValidate>
      <h3>{tr('console.members.add')}</h3>
      <MemberFields idPrefix="new-member" fields={fields} fieldError={add.fieldError} />
      <ErrorNote error={add.error} />
      {token && (
        <p role="status">
          {tr('console.members.tokenOnce')} <code class="secret">{token}</code>
        </p>
      )}
      <button type="submit" disabled={add.busy}>
        {tr('console.members.addSubmit')}
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
        label={tr('console.members.displayName')}
        value={fields.displayName}
        onValue={fields.setDisplayName}
        error={fieldError('displayName')}
      />
      <SelectField
        id={`${props.idPrefix}-role`}
        label={tr('console.members.role')}
        value={fields.role}
        onValue={fields.setRole}
        options={ROLES}
        term="role"
        error={fieldError('role')}
      />
    </>
  );
}

const whenOrNever = (at?: string) => (at ? when(at) : tr('console.members.never'));

/** One member: their name and role, their tokens (created, used, revoked) and their live sessions. */
export function MemberPage(props: { organisationId: string; memberId: string }) {
  const { api } = useSession();
  const members = useLoad(() => api.members(props.organisationId), [props.organisationId]);
  const member = members.value?.items.find((m) => m.id === props.memberId);
  if (members.error) return <ErrorNote error={members.error} />;
  if (!members.value) return <p>{tr('console.loading')}</p>;
  if (!member) return <p>{tr('console.members.noSuch')}</p>;
  return (
    <div class="page admin-page">
      <p>
        <a href={href({ page: 'organisation', id: props.organisationId })}>{tr('console.members.back')}</a>
      </p>
      <h1>{member.displayName}</h1>
      <p>
        {term('role', member.role)} · {tr('console.members.sinceDay', { day: localDay(member.createdAt) })} ·{' '}
        {activeBadge(member.active)}
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
    <form class="card" aria-label={tr('console.members.edit')} onSubmit={form.submit} noValidate>
      <h2>{tr('console.audit.details')}</h2>
      <MemberFields idPrefix="member" fields={fields} fieldError={form.fieldError} />
      <ErrorNote error={form.error} />
      {saved && <p role="status">{tr('console.saved')}</p>}
      <button type="submit" disabled={form.busy}>
        {tr('console.save')}
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
    <section aria-label={tr('console.tokens.title')}>
      <h2>{tr('console.tokens.title')}</h2>
      <p class="hint">{tr('console.tokens.hint')}</p>
      <ErrorNote error={tokens.error ?? create.error ?? revoke.error} />
      {revokedAll !== null && <p role="status">{tr('console.tokens.revokedAll', { count: revokedAll })}</p>}
      <table class="list">
        <ListHead
          columns={[tr('console.tokens.created'), tr('console.tokens.lastUsed'), tr('console.orgs.state')]}
          action
        />
        <tbody>
          {(tokens.value?.items ?? []).map((t) => (
            <tr key={t.id} data-token-id={t.id}>
              <td>{when(t.createdAt)}</td>
              <td>{whenOrNever(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt
                  ? tr('console.tokens.revokedAt', { at: when(t.revokedAt) })
                  : tr('console.tokens.valid')}
              </td>
              <td>
                {!t.revokedAt && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={revoke.busy}
                    aria-label={tr('console.tokens.revokeLabel', { at: when(t.createdAt) })}
                    onClick={() => void revoke.run(() => api.revokeToken(t.id), tokens.reload)}
                  >
                    {tr('console.tokens.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {secret && (
        <p role="status">
          {tr('console.tokens.newOnce')} <code class="secret">{secret}</code>
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
        {tr('console.tokens.create')}
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
        {tr('console.tokens.revokeAll')}
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
    <section aria-label={tr('console.sessions.title')}>
      <h2>{tr('console.sessions.title')}</h2>
      <ErrorNote error={sessions.error} />
      {sessions.value && !sessions.value.items.length && <p>{tr('console.sessions.none')}</p>}
      <table class="list">
        <ListHead
          columns={[
            tr('console.sso.issuer'),
            tr('console.audit.subject'),
            tr('console.sessions.signedIn'),
            tr('console.tokens.lastUsed'),
            tr('console.sessions.ends'),
          ]}
        />
        <tbody>
          {(sessions.value?.items ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.issuer}</td>
              <td>{s.subject}</td>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastUsedAt)}</td>
              <td>{when(s.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
