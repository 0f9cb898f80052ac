import { useEffect, useState } from 'preact/hooks';
import type { ContactTier, Language } from '@hub/contracts';
import { useSession } from '../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';

const TIERS: { value: `${ContactTier}`; label: string }[] = [
  { value: '1', label: 'Tier 1: duty desk' },
  { value: '2', label: 'Tier 2: backup' },
  { value: '3', label: 'Tier 3: head of trust and safety' },
];

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
      <h1>Contact points</h1>
      <p class="hint">
        A platform without a webhook is e-mailed its new items at tier 1; a late acknowledgement reaches tier
        2, a late action tier 3. A coordinating organisation's tier-1 contacts are told when a platform's
        action is late in a crisis. Exercise contacts get only exercise mail, live contacts only live mail.
      </p>
      {isAdmin && organisations.value && (
        <SelectField
          id="contacts-organisation"
          label="Organisation"
          value={chosen}
          onValue={setOrganisationId}
          options={organisations.value.map((o) => ({ value: o.id, label: `${o.name} (${o.kind})` }))}
        />
      )}
      <ErrorNote error={organisations.error ?? contacts.error ?? remove.error} />
      <table class="contacts">
        <caption>
          Contacts of {organisations.value?.find((o) => o.id === chosen)?.name ?? 'this organisation'}
        </caption>
        <ListHead columns={['Tier', 'Name', 'E-mail', 'Languages', 'Mail']} action={isAdmin} />
        <tbody>
          {(contacts.value ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.tier}</td>
              <td>{c.name}</td>
              <td>{c.email}</td>
              <td>{c.languages.join(', ')}</td>
              <td>{c.exercise ? 'exercises' : 'live'}</td>
              {isAdmin && (
                <td>
                  <button
                    type="button"
                    class="secondary"
                    disabled={remove.busy}
                    onClick={() => void remove.run(() => api.removeContact(c.id), contacts.reload)}
                  >
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
          {contacts.value?.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 6 : 5}>No contact points yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {isAdmin && chosen && (
        <form class="card" aria-label="Add a contact point" onSubmit={add.submit}>
          <h2>Add a contact point</h2>
          <TextField
            id="contact-name"
            label="Name"
            value={name}
            onValue={setName}
            error={fields.name}
            maxLength={200}
          />
          <TextField
            id="contact-email"
            label="E-mail"
            value={email}
            onValue={setEmail}
            error={fields.email}
            maxLength={254}
            attributes={{ inputMode: 'email', autocomplete: 'off' }}
          />
          <SelectField
            id="contact-tier"
            label="Tier"
            value={tier}
            onValue={setTier}
            options={TIERS}
            error={fields.tier}
          />
          <TextField
            id="contact-languages"
            label="Languages"
            hint="Language tags, such as en, fr, pt-BR"
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
            For exercises only
          </label>
          <ErrorNote error={add.error && !Object.keys(fields).length ? add.error : null} />
          <button type="submit" disabled={add.busy || !name.trim() || !email.trim()}>
            Add
          </button>
        </form>
      )}
    </div>
  );
}
