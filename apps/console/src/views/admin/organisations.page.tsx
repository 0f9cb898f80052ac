import { useState } from 'preact/hooks';
import { ORGANISATION_KINDS, type CreateOrganisationDto, type OrganisationView } from '@hub/contracts';
import { href, navigate } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { activeBadge } from './active-badge';
import { Members } from './members.view';
import { SsoMappings } from './sso-mappings.view';
import { ListHead } from '../../ui/list-head';

/** Every organisation, for an admin to open one, and a form to add one. */
export function OrganisationsPage() {
  const { api } = useSession();
  const organisations = useLoad(() => api.organisations(), []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CreateOrganisationDto['kind']>('platform');
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
        <ListHead columns={['Name', 'Kind', 'Platform key or country', 'State']} />
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
