import { useState } from 'preact/hooks';
import { ROLES, type OrganisationView, type Role } from '@hub/contracts';
// The role a member of each kind of organisation has, to preselect; the hub refuses any other.
import { ROLE_OF_KIND } from '@hub/domain';
import { signInProviders } from '../../hub-api.client';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { ListHead } from '../../ui/list-head';

/** The claim values that admit an identity provider's users to this organisation, with the role they get. */
export function SsoMappings(props: { organisation: OrganisationView }) {
  const { api } = useSession();
  const organisationId = props.organisation.id;
  const mappings = useLoad(() => api.ssoMappings(organisationId), [organisationId]);
  const providers = useLoad(() => signInProviders(), []);
  const [claim, setClaim] = useState('groups');
  const [value, setValue] = useState('');
  const [role, setRole] = useState<Role>(ROLE_OF_KIND[props.organisation.kind]);
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
        <ListHead columns={['Claim', 'Value', 'Role', 'Issuer']} action />
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
