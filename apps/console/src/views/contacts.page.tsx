import { useEffect, useState } from 'preact/hooks';
import type { ContactTier, Language } from '@hub/contracts';
import { useSession } from '../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { term, tr } from '../language';

const TIERS: `${ContactTier}`[] = ['1', '2', '3'];
const tierLabel = (tier: `${ContactTier}`) =>
  tier === '1'
    ? tr('console.contacts.tier1')
    : tier === '2'
      ? tr('console.contacts.tier2')
      : tr('console.contacts.tier3');

/**
 * Contact points: the people a platform is e-mailed at when it has no webhook, climbing the tiers when
 * nobody answers. An admin manages any organisation's; a member reads its own organisation's.
 */
export function ContactsPage(props: { organisationId?: string }) {
  const { api, me } = useSession();
  const isAdmin = me.member.role === 'admin';
  const organisations = useLoad(
    () => (isAdmin ? api.organisations().then((p) => p.items) : Promise.resolve([me.organisation])),
    [],
  );
  const [organisationId, setOrganisationId] = useState(
    isAdmin ? (props.organisationId ?? '') : me.organisation.id,
  );
  const chosen = organisationId || organisations.value?.find((o) => o.kind === 'platform')?.id || '';
  useEffect(() => {
    if (!organisationId && chosen) setOrganisationId(chosen);
  }, [chosen]);
  const contacts = useLoad(
    () => (chosen ? api.contacts(chosen).then((p) => p.items) : Promise.resolve([])),
    [chosen],
  );
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [tier, setTier] = useState<`${ContactTier}`>('1');
  const [languages, setLanguages] = useState('');
  const [exercise, setExercise] = useState(false);
  const add = useSubmit(
    () =>
      api.addContact(chosen, {
        name,
        email,
        tier: Number(tier) as ContactTier,
        // The hub refuses a language it does not have, naming the ones it has.
        languages: languages.split(/[\s,]+/).filter(Boolean) as Language[],
        exercise,
      }),
    () => {
      setName('');
      setEmail('');
      setLanguages('');
      contacts.reload();
    },
  );
  const remove = useAction();
  const fields = add.error?.fields ?? {};
  return (
    <div class="page contacts-page">
      <h1>{tr('console.orgs.contactPoints')}</h1>
      <p class="hint">{tr('console.contacts.intro')}</p>
      {isAdmin && organisations.value && (
        <SelectField
          id="contacts-organisation"
          label={tr('console.contacts.organisation')}
          value={chosen}
          onValue={setOrganisationId}
          options={organisations.value.map((o) => ({
            value: o.id,
            label: tr('console.contacts.organisationOption', {
              name: o.name,
              kind: term('orgKind', o.kind),
            }),
          }))}
        />
      )}
      <ErrorNote error={organisations.error ?? contacts.error ?? remove.error} />
      <table class="contacts">
        <caption>
          {tr('console.contacts.caption', {
            name:
              organisations.value?.find((o) => o.id === chosen)?.name ??
              tr('console.contacts.thisOrganisation'),
          })}
        </caption>
        <ListHead
          columns={[
            tr('console.contacts.tier'),
            tr('console.field.name'),
            tr('console.contacts.email'),
            tr('console.contacts.languages'),
            tr('console.contacts.mail'),
          ]}
          action={isAdmin}
        />
        <tbody>
          {(contacts.value ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.tier}</td>
              <td>{c.name}</td>
              <td>{c.email}</td>
              <td>{c.languages.join(', ')}</td>
              <td>{c.exercise ? tr('console.contacts.exerciseMail') : tr('console.contacts.liveMail')}</td>
              {isAdmin && (
                <td>
                  <button
                    type="button"
                    class="secondary"
                    disabled={remove.busy}
                    onClick={() => void remove.run(() => api.removeContact(c.id), contacts.reload)}
                  >
                    {tr('console.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
          {contacts.value?.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 6 : 5}>{tr('console.contacts.none')}</td>
            </tr>
          )}
        </tbody>
      </table>
      {isAdmin && chosen && (
        <form class="card" aria-label={tr('console.contacts.add')} onSubmit={add.submit}>
          <h2>{tr('console.contacts.add')}</h2>
          <TextField
            id="contact-name"
            label={tr('console.field.name')}
            value={name}
            onValue={setName}
            error={fields.name}
            maxLength={200}
          />
          <TextField
            id="contact-email"
            label={tr('console.contacts.email')}
            value={email}
            onValue={setEmail}
            error={fields.email}
            maxLength={254}
            attributes={{ inputMode: 'email', autocomplete: 'off' }}
          />
          <SelectField
            id="contact-tier"
            label={tr('console.contacts.tier')}
            value={tier}
            onValue={setTier}
            options={TIERS.map((value) => ({ value, label: tierLabel(value) }))}
            error={fields.tier}
          />
          <TextField
            id="contact-languages"
            label={tr('console.contacts.languages')}
            hint={tr('console.contacts.languagesHint')}
            value={languages}
            onValue={setLanguages}
            error={fields.languages}
          />
          <label>
            <input
              type="checkbox"
              checked={exercise}
              onChange={(e) => setExercise(e.currentTarget.checked)}
            />{' '}
            {tr('console.contacts.exerciseOnly')}
          </label>
          <ErrorNote error={add.error && !Object.keys(fields).length ? add.error : null} />
          <button type="submit" disabled={add.busy || !name.trim() || !email.trim()}>
            {tr('console.contacts.addSubmit')}
          </button>
        </form>
      )}
    </div>
  );
}
