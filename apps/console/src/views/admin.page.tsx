import { useState } from 'preact/hooks';
import {
  ORGANISATION_KINDS,
  ROLES,
  type AdminAuditEntryView,
  type MemberView,
  type OrganisationView,
} from '@hub/contracts';
// The role a member of each kind of organisation has, to preselect; the hub refuses any other.
import { ROLE_OF_KIND } from '@hub/domain';
import { href, navigate } from '../hash.router';
import { signInProviders } from '../hub-api.client';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';

const activeBadge = (active: boolean) => <Badge kind="active" value={active ? 'active' : 'deactivated'} />;

/** Every organisation, for an admin to open one, and a form to add one. */
export function OrganisationsPage() {
  const { api } = useSession();
  const organisations = useLoad(() => api.organisations(), []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('platform');
  const [country, setCountry] = useState('');
  const [platformKey, setPlatformKey] = useState('');
  const [domains, setDomains] = useState('');
  const add = useSubmit(
    () =>
      api.createOrganisation({
        name,
        kind,
        ...(country.trim() ? { country: country.trim().toUpperCase() } : {}),
        ...(kind === 'platform'
          ? { platformKey: platformKey.trim(), domains: domains.split(/[\s,]+/).filter(Boolean) }
          : {}),
      }),
    (created) => navigate({ page: 'organisation', id: created.id }),
  );
  return (
    <div class="page admin-page">
      <h1>Organisations</h1>
      <ErrorNote error={organisations.error} />
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Platform key or country</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {(organisations.value?.items ?? []).map((o) => (
            <tr key={o.id}>
              <td>
                <a href={href({ page: 'organisation', id: o.id })}>{o.name}</a>
              </td>
              <td>{o.kind}</td>
              <td>{o.platformKey ?? o.country ?? ''}</td>
              <td>{activeBadge(o.active)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" aria-label="Add an organisation" onSubmit={add.submit} noValidate>
        <h2>Add an organisation</h2>
        <TextField
          id="new-org-name"
          label="Name"
          value={name}
          onValue={setName}
          error={add.fieldError('name')}
        />
        <SelectField
          id="new-org-kind"
          label="Kind"
          value={kind}
          onValue={setKind}
          options={ORGANISATION_KINDS}
          error={add.fieldError('kind')}
        />
        <TextField
          id="new-org-country"
          label="Country"
          value={country}
          onValue={setCountry}
          error={add.fieldError('country')}
          hint="Two letters (ISO 3166), for an authority; may stay empty."
        />
        {kind === 'platform' && (
          <>
            <TextField
              id="new-org-platform-key"
              label="Platform key"
              value={platformKey}
              onValue={setPlatformKey}
              error={add.fieldError('platformKey')}
              hint="Lower-case letters, digits, - or _; how items and containment name the platform."
            />
            <TextField
              id="new-org-domains"
              label="Domains"
              rows={3}
              value={domains}
              onValue={setDomains}
              error={add.fieldError('domains')}
              hint="One a line; webhooks are set on the organisation's page."
            />
          </>
        )}
        <ErrorNote error={add.error} />
        <button type="submit" disabled={add.busy}>
          Add the organisation
        </button>
      </form>
    </div>
  );
}

/**
 * One organisation: its details, webhooks and secret rotation, switching it off, the identity-provider
 * claims that admit its staff, and its members.
 */
export function OrganisationPage(props: { organisationId: string }) {
  const { api } = useSession();
  const organisations = useLoad(() => api.organisations(), [props.organisationId]);
  const organisation = organisations.value?.items.find((o) => o.id === props.organisationId);
  if (organisations.error) return <ErrorNote error={organisations.error} />;
  if (!organisations.value) return <p>Loading…</p>;
  if (!organisation) return <p>No such organisation.</p>;
  return (
    <div class="page admin-page">
      <h1>{organisation.name}</h1>
      <p>
        {organisation.kind}
        {organisation.platformKey && ` · ${organisation.platformKey}`}
        {organisation.country && ` · ${organisation.country}`} · {activeBadge(organisation.active)} ·{' '}
        <a href={href({ page: 'contacts', organisationId: organisation.id })}>Contact points</a>
      </p>
      <div class="two-columns">
        <OrganisationForm
          key={JSON.stringify(organisation)}
          organisation={organisation}
          onSaved={organisations.reload}
        />
        <div>
          {organisation.kind === 'platform' && (
            <RotateSecretForm organisation={organisation} onDone={organisations.reload} />
          )}
          <SwitchOrganisation organisation={organisation} onDone={organisations.reload} />
        </div>
      </div>
      <SsoMappings organisation={organisation} />
      <Members organisation={organisation} />
    </div>
  );
}

function OrganisationForm(props: { organisation: OrganisationView; onSaved: () => void }) {
  const { api } = useSession();
  const o = props.organisation;
  const platform = o.kind === 'platform';
  const [name, setName] = useState(o.name);
  const [domains, setDomains] = useState(o.domains.join('\n'));
  const [webhookUrl, setWebhookUrl] = useState(o.webhook?.url ?? '');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [exerciseUrl, setExerciseUrl] = useState(o.exerciseWebhook?.url ?? '');
  const [exerciseSecret, setExerciseSecret] = useState('');
  const [saved, setSaved] = useState(false);
  /** A webhook is sent only when changed: a new address or secret needs both; an emptied address removes it. */
  const webhookPatch = (url: string, secret: string, before?: string) => {
    if (!url.trim()) return before ? null : undefined;
    if (url.trim() === before && !secret) return undefined;
    return { url: url.trim(), secret };
  };
  const form = useSubmit(
    () => {
      setSaved(false);
      const patch: Record<string, unknown> = { name };
      if (platform) {
        patch.domains = domains.split(/[\s,]+/).filter(Boolean);
        const webhook = webhookPatch(webhookUrl, webhookSecret, o.webhook?.url);
        const exerciseWebhook = webhookPatch(exerciseUrl, exerciseSecret, o.exerciseWebhook?.url);
        if (webhook !== undefined) patch.webhook = webhook;
        if (exerciseWebhook !== undefined) patch.exerciseWebhook = exerciseWebhook;
      }
      return api.updateOrganisation(o.id, patch);
    },
    () => {
      setSaved(true);
      props.onSaved();
    },
  );
  return (
    <form class="card" aria-label="Edit the organisation" onSubmit={form.submit} noValidate>
      <h2>Details</h2>
      <TextField id="org-name" label="Name" value={name} onValue={setName} error={form.fieldError('name')} />
      {platform && (
        <>
          <TextField
            id="org-domains"
            label="Domains"
            rows={3}
            value={domains}
            onValue={setDomains}
            error={form.fieldError('domains')}
            hint="One a line; items on these domains concern this platform."
          />
          <TextField
            id="org-webhook-url"
            label="Webhook URL"
            type="url"
            value={webhookUrl}
            onValue={setWebhookUrl}
            error={form.fieldError('webhook.url', 'webhook')}
            hint="Empty: no webhook. A new address needs a new secret."
          />
          <TextField
            id="org-webhook-secret"
            label="New webhook secret"
            value={webhookSecret}
            onValue={setWebhookSecret}
            error={form.fieldError('webhook.secret')}
            attributes={{ autocomplete: 'off' }}
          />
          <TextField
            id="org-exercise-url"
            label="Exercise webhook URL"
            type="url"
            value={exerciseUrl}
            onValue={setExerciseUrl}
            error={form.fieldError('exerciseWebhook.url', 'exerciseWebhook')}
          />
          <TextField
            id="org-exercise-secret"
            label="New exercise webhook secret"
            value={exerciseSecret}
            onValue={setExerciseSecret}
            error={form.fieldError('exerciseWebhook.secret')}
            attributes={{ autocomplete: 'off' }}
          />
        </>
      )}
      <ErrorNote error={form.error} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={form.busy}>
        Save
      </button>
    </form>
  );
}

function RotateSecretForm(props: { organisation: OrganisationView; onDone: () => void }) {
  const { api } = useSession();
  const o = props.organisation;
  const [webhook, setWebhook] = useState<'webhook' | 'exerciseWebhook'>('webhook');
  const [grace, setGrace] = useState('60');
  const [secret, setSecret] = useState<string | null>(null);
  const form = useSubmit(
    () => api.rotateSecret(o.id, { webhook, graceMinutes: Number(grace) }),
    (rotated) => {
      setSecret(rotated.secret);
      props.onDone();
    },
  );
  const until = (webhook === 'webhook' ? o.webhook : o.exerciseWebhook)?.previousSecretValidUntil;
  return (
    <form class="card" aria-label="Rotate a webhook secret" onSubmit={form.submit} noValidate>
      <h2>Rotate a webhook secret</h2>
      <SelectField
        id="rotate-webhook"
        label="Webhook"
        value={webhook}
        onValue={(v) => setWebhook(v as typeof webhook)}
        options={[
          { value: 'webhook', label: 'live webhook' },
          { value: 'exerciseWebhook', label: 'exercise webhook' },
        ]}
        error={form.fieldError('webhook')}
      />
      <TextField
        id="rotate-grace"
        label="Grace period (minutes)"
        type="number"
        value={grace}
        onValue={setGrace}
        error={form.fieldError('graceMinutes')}
        hint="The old secret keeps signing beside the new one this long (0: not at all)."
        attributes={{ min: 0, max: 10080 }}
      />
      {until && <p>The previous secret signs until {new Date(until).toLocaleString()}.</p>}
      <ErrorNote error={form.error} />
      {secret && (
        <p role="status">
          New secret, shown once: <code class="secret">{secret}</code>
        </p>
      )}
      <button type="submit" disabled={form.busy}>
        Rotate
      </button>
    </form>
  );
}

function SwitchOrganisation(props: { organisation: OrganisationView; onDone: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const o = props.organisation;
  return (
    <div class="card">
      <h2>{o.active ? 'Deactivate' : 'Reactivate'}</h2>
      <p>
        {o.active
          ? 'Its members are refused at once everywhere and their connections closed; a platform is sent nothing.'
          : `Deactivated ${o.deactivatedAt ? new Date(o.deactivatedAt).toLocaleString() : ''}.`}
      </p>
      <ErrorNote error={action.error} />
      <button
        type="button"
        class={o.active ? 'danger' : undefined}
        disabled={action.busy}
        onClick={() =>
          void action.run(() => api.updateOrganisation(o.id, { active: !o.active }), props.onDone)
        }
      >
        {o.active ? 'Deactivate the organisation' : 'Reactivate the organisation'}
      </button>
    </div>
  );
}

function Members(props: { organisation: OrganisationView }) {
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
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Since</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
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
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<string>(ROLE_OF_KIND[props.organisation.kind]);
  const [token, setToken] = useState<string | null>(null);
  const add = useSubmit(
    () => api.addMember(props.organisation.id, { displayName, role }),
    (created) => {
      setToken(created.token);
      setDisplayName('');
      props.onAdded();
    },
  );
  return (
    <form class="card" aria-label="Add a member" onSubmit={add.submit} noValidate>
      <h3>Add a member</h3>
      <TextField
        id="new-member-name"
        label="Display name"
        value={displayName}
        onValue={setDisplayName}
        error={add.fieldError('displayName')}
      />
      <SelectField
        id="new-member-role"
        label="Role"
        value={role}
        onValue={setRole}
        options={ROLES}
        error={add.fieldError('role')}
      />
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

const when = (at?: string) => (at ? new Date(at).toLocaleString() : 'never');

/** The claim values that admit an identity provider's users to this organisation, with the role they get. */
function SsoMappings(props: { organisation: OrganisationView }) {
  const { api } = useSession();
  const organisationId = props.organisation.id;
  const mappings = useLoad(() => api.ssoMappings(organisationId), [organisationId]);
  const providers = useLoad(() => signInProviders(), []);
  const [claim, setClaim] = useState('groups');
  const [value, setValue] = useState('');
  const [role, setRole] = useState<string>(ROLE_OF_KIND[props.organisation.kind]);
  const [issuer, setIssuer] = useState('');
  const add = useSubmit(
    () => api.addSsoMapping(organisationId, { claim, value, role, ...(issuer ? { issuer } : {}) }),
    () => {
      setValue('');
      mappings.reload();
    },
  );
  const remove = useAction();
  return (
    <section aria-label="Sign-in mappings">
      <h2>Sign-in mappings</h2>
      <p class="hint">
        A user whose identity provider sends this claim value signs in as a member of this organisation with
        this role. Removing a mapping ends the sessions it admitted.
      </p>
      <ErrorNote error={mappings.error ?? remove.error} />
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
            <th scope="col">Role</th>
            <th scope="col">Issuer</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(mappings.value?.items ?? []).map((m) => (
            <tr key={m.id}>
              <td>{m.claim}</td>
              <td>{m.value}</td>
              <td>{m.role}</td>
              <td>{m.issuer ?? 'any configured issuer'}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  disabled={remove.busy}
                  aria-label={`Remove the mapping ${m.claim} ${m.value}`}
                  onClick={() =>
                    void remove.run(() => api.removeSsoMapping(organisationId, m.id), mappings.reload)
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" aria-label="Add a sign-in mapping" onSubmit={add.submit} noValidate>
        <h3>Add a mapping</h3>
        <TextField
          id="sso-claim"
          label="Claim"
          value={claim}
          onValue={setClaim}
          error={add.fieldError('claim')}
          hint="The ID token's claim, such as groups or email."
        />
        <TextField
          id="sso-value"
          label="Value"
          value={value}
          onValue={setValue}
          error={add.fieldError('value')}
        />
        <SelectField
          id="sso-role"
          label="Role"
          value={role}
          onValue={setRole}
          options={ROLES}
          error={add.fieldError('role')}
        />
        <SelectField
          id="sso-issuer"
          label="Issuer"
          value={issuer}
          onValue={setIssuer}
          options={[
            { value: '', label: 'any configured issuer' },
            ...(providers.value ?? []).map((p) => ({ value: p.key, label: p.name })),
          ]}
          error={add.fieldError('issuer')}
        />
        <ErrorNote error={add.error} />
        <button type="submit" disabled={add.busy}>
          Add the mapping
        </button>
      </form>
    </section>
  );
}

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
  const [displayName, setDisplayName] = useState(m.displayName);
  const [role, setRole] = useState<string>(m.role);
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
      <TextField
        id="member-name"
        label="Display name"
        value={displayName}
        onValue={setDisplayName}
        error={form.fieldError('displayName')}
      />
      <SelectField
        id="member-role"
        label="Role"
        value={role}
        onValue={setRole}
        options={ROLES}
        error={form.fieldError('role')}
      />
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
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
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
        <thead>
          <tr>
            <th scope="col">Issuer</th>
            <th scope="col">Subject</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last used</th>
            <th scope="col">Ends at the latest</th>
          </tr>
        </thead>
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

/** The admin audit log, oldest first, page after page, with the verdict of `GET /audit/verify`. */
export function AdminAuditPage() {
  const { api } = useSession();
  const [entries, setEntries] = useState<AdminAuditEntryView[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const first = useLoad(
    () =>
      api.adminAudit().then((page) => {
        setEntries(page.items);
        setNext(page.next);
        return page;
      }),
    [],
  );
  const verdict = useLoad(() => api.verifyAudit(), []);
  const more = useAction();
  const loadMore = () =>
    void more.run(
      () => api.adminAudit(next),
      (page) => {
        setEntries((e) => [...e, ...page.items]);
        setNext(page.next);
      },
    );
  return (
    <div class="page admin-page">
      <h1>Admin audit log</h1>
      {verdict.value && (
        <p role="status">
          {verdict.value.ok
            ? `The chains hold: ${verdict.value.adminChecked} administrative acts and ${verdict.value.checked} incident events checked.`
            : `A chain is broken${verdict.value.firstBrokenAdminEntryId ? ` at administrative act ${verdict.value.firstBrokenAdminEntryId}` : ''}${verdict.value.firstBrokenEventId ? ` at incident event ${verdict.value.firstBrokenEventId}` : ''}.`}
        </p>
      )}
      <ErrorNote error={first.error ?? verdict.error ?? more.error} />
      <table class="list">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Act</th>
            <th scope="col">By</th>
            <th scope="col">Subject</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.seq}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.action.replace(/[._]/g, ' ')}</td>
              <td>{e.actor.memberId ?? 'the hub'}</td>
              <td>
                {e.subject.type === 'organisation' ? (
                  <a href={href({ page: 'organisation', id: e.subject.id })}>organisation</a>
                ) : (
                  `member ${e.subject.id}`
                )}
              </td>
              <td>
                <code>{JSON.stringify(e.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" class="secondary" disabled={more.busy} onClick={loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
