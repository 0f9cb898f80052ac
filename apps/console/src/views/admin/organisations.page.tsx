import { useState } from 'preact/hooks';
import { ORGANISATION_KINDS, type CreateOrganisationDto, type OrganisationView } from '@hub/contracts';
import { href, navigate } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { activeBadge } from './active-badge';
import { Members } from './members.view';
import { SsoMappings } from './sso-mappings.view';
import { ListHead } from '../../ui/list-head';
import { term, tr, when } from '../../language';

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
      <h1>{tr('console.nav.organisations')}</h1>
      <ErrorNote error={organisations.error} />
      <table class="list">
        <ListHead
          columns={[
            tr('console.field.name'),
            tr('console.share.kind'),
            tr('console.orgs.keyOrCountry'),
            tr('console.orgs.state'),
          ]}
        />
        <tbody>
          {(organisations.value?.items ?? []).map((o) => (
            <tr key={o.id}>
              <td>
                <a href={href({ page: 'organisation', id: o.id })}>{o.name}</a>
              </td>
              <td>{term('orgKind', o.kind)}</td>
              <td>{o.platformKey ?? o.country ?? ''}</td>
              <td>{activeBadge(o.active)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" aria-label={tr('console.orgs.add')} onSubmit={add.submit} noValidate>
        <h2>{tr('console.orgs.add')}</h2>
        <TextField
          id="new-org-name"
          label={tr('console.field.name')}
          value={name}
          onValue={setName}
          error={add.fieldError('name')}
        />
        <SelectField
          id="new-org-kind"
          label={tr('console.share.kind')}
          value={kind}
          onValue={setKind}
          options={ORGANISATION_KINDS}
          term="orgKind"
          error={add.fieldError('kind')}
        />
        <TextField
          id="new-org-country"
          label={tr('console.field.country')}
          value={country}
          onValue={setCountry}
          error={add.fieldError('country')}
          hint={tr('console.orgs.countryHint')}
        />
        {kind === 'platform' && (
          <>
            <TextField
              id="new-org-platform-key"
              label={tr('console.orgs.platformKey')}
              value={platformKey}
              onValue={setPlatformKey}
              error={add.fieldError('platformKey')}
              hint={tr('console.orgs.platformKeyHint')}
            />
            <TextField
              id="new-org-domains"
              label={tr('console.orgs.domains')}
              rows={3}
              value={domains}
              onValue={setDomains}
              error={add.fieldError('domains')}
              hint={tr('console.orgs.newDomainsHint')}
            />
          </>
        )}
        <ErrorNote error={add.error} />
        <button type="submit" disabled={add.busy}>
          {tr('console.orgs.addSubmit')}
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
  if (!organisations.value) return <p>{tr('console.loading')}</p>;
  if (!organisation) return <p>{tr('console.orgs.noSuch')}</p>;
  return (
    <div class="page admin-page">
      <h1>{organisation.name}</h1>
      <p>
        {term('orgKind', organisation.kind)}
        {organisation.platformKey && ` · ${organisation.platformKey}`}
        {organisation.country && ` · ${organisation.country}`} · {activeBadge(organisation.active)} ·{' '}
        <a href={href({ page: 'contacts', organisationId: organisation.id })}>
          {tr('console.orgs.contactPoints')}
        </a>
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
    <form class="card" aria-label={tr('console.orgs.edit')} onSubmit={form.submit} noValidate>
      <h2>{tr('console.audit.details')}</h2>
      <TextField
        id="org-name"
        label={tr('console.field.name')}
        value={name}
        onValue={setName}
        error={form.fieldError('name')}
      />
      {platform && (
        <>
          <TextField
            id="org-domains"
            label={tr('console.orgs.domains')}
            rows={3}
            value={domains}
            onValue={setDomains}
            error={form.fieldError('domains')}
            hint={tr('console.orgs.domainsHint')}
          />
          <TextField
            id="org-webhook-url"
            label={tr('console.orgs.webhookUrl')}
            type="url"
            value={webhookUrl}
            onValue={setWebhookUrl}
            error={form.fieldError('webhook.url', 'webhook')}
            hint={tr('console.orgs.webhookHint')}
          />
          <TextField
            id="org-webhook-secret"
            label={tr('console.orgs.webhookSecret')}
            value={webhookSecret}
            onValue={setWebhookSecret}
            error={form.fieldError('webhook.secret')}
            attributes={{ autocomplete: 'off' }}
          />
          <TextField
            id="org-exercise-url"
            label={tr('console.orgs.exerciseUrl')}
            type="url"
            value={exerciseUrl}
            onValue={setExerciseUrl}
            error={form.fieldError('exerciseWebhook.url', 'exerciseWebhook')}
          />
          <TextField
            id="org-exercise-secret"
            label={tr('console.orgs.exerciseSecret')}
            value={exerciseSecret}
            onValue={setExerciseSecret}
            error={form.fieldError('exerciseWebhook.secret')}
            attributes={{ autocomplete: 'off' }}
          />
        </>
      )}
      <ErrorNote error={form.error} />
      {saved && <p role="status">{tr('console.saved')}</p>}
      <button type="submit" disabled={form.busy}>
        {tr('console.save')}
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
    <form class="card" aria-label={tr('console.orgs.rotateTitle')} onSubmit={form.submit} noValidate>
      <h2>{tr('console.orgs.rotateTitle')}</h2>
      <SelectField
        id="rotate-webhook"
        label={tr('console.orgs.webhook')}
        value={webhook}
        onValue={(v) => setWebhook(v as typeof webhook)}
        options={[
          { value: 'webhook', label: tr('console.orgs.liveWebhook') },
          { value: 'exerciseWebhook', label: tr('console.orgs.exerciseWebhook') },
        ]}
        error={form.fieldError('webhook')}
      />
      <TextField
        id="rotate-grace"
        label={tr('console.orgs.grace')}
        type="number"
        value={grace}
        onValue={setGrace}
        error={form.fieldError('graceMinutes')}
        hint={tr('console.orgs.graceHint')}
        attributes={{ min: 0, max: 10080 }}
      />
      {until && <p>{tr('console.orgs.previousUntil', { at: when(until) })}</p>}
      <ErrorNote error={form.error} />
      {secret && (
        <p role="status">
          {tr('console.orgs.newSecret')} <code class="secret">{secret}</code>
        </p>
      )}
      <button type="submit" disabled={form.busy}>
        {tr('console.orgs.rotate')}
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
      <h2>{o.active ? tr('console.orgs.deactivate') : tr('console.orgs.reactivate')}</h2>
      <p>
        {o.active
          ? tr('console.orgs.deactivateEffect')
          : o.deactivatedAt
            ? tr('console.orgs.deactivatedAt', { at: when(o.deactivatedAt) })
            : tr('console.orgs.deactivated')}
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
        {o.active ? tr('console.orgs.deactivateSubmit') : tr('console.orgs.reactivateSubmit')}
      </button>
    </div>
  );
}
