import { useState } from 'preact/hooks';
import { ROLES, type OrganisationView, type Role } from '@hub/contracts';
// The role a member of each kind of organisation has, to preselect; the hub refuses any other.
import { ROLE_OF_KIND } from '@hub/domain';
import { signInProviders } from '../../hub-api.client';
import { useSession } from '../../session';
import { ErrorNote, SelectField, TextField, useAction, useLoad, useSubmit } from '../../ui/forms';
import { ListHead } from '../../ui/list-head';
import { term, tr } from '../../language';

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
    <section aria-label={tr('console.sso.title')}>
      <h2>{tr('console.sso.title')}</h2>
      <p class="hint">{tr('console.sso.hint')}</p>
      <ErrorNote error={mappings.error ?? remove.error} />
      <table class="list">
        <ListHead
          columns={[
            tr('console.sso.claim'),
            tr('console.sso.value'),
            tr('console.members.role'),
            tr('console.sso.issuer'),
          ]}
          action
        />
        <tbody>
          {(mappings.value?.items ?? []).map((m) => (
            <tr key={m.id}>
              <td>{m.claim}</td>
              <td>{m.value}</td>
              <td>{term('role', m.role)}</td>
              <td>{m.issuer ?? tr('console.sso.anyIssuer')}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  disabled={remove.busy}
                  aria-label={tr('console.sso.removeLabel', { claim: m.claim, value: m.value })}
                  onClick={() =>
                    void remove.run(() => api.removeSsoMapping(organisationId, m.id), mappings.reload)
                  }
                >
                  {tr('console.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" aria-label={tr('console.sso.addLabel')} onSubmit={add.submit} noValidate>
        <h3>{tr('console.sso.add')}</h3>
        <TextField
          id="sso-claim"
          label={tr('console.sso.claim')}
          value={claim}
          onValue={setClaim}
          error={add.fieldError('claim')}
          hint={tr('console.sso.claimHint')}
        />
        <TextField
          id="sso-value"
          label={tr('console.sso.value')}
          value={value}
          onValue={setValue}
          error={add.fieldError('value')}
        />
        <SelectField
          id="sso-role"
          label={tr('console.members.role')}
          value={role}
          onValue={setRole}
          options={ROLES}
          term="role"
          error={add.fieldError('role')}
        />
        <SelectField
          id="sso-issuer"
          label={tr('console.sso.issuer')}
          value={issuer}
          onValue={setIssuer}
          options={[
            { value: '', label: tr('console.sso.anyIssuer') },
            ...(providers.value ?? []).map((p) => ({ value: p.key, label: p.name })),
          ]}
          error={add.fieldError('issuer')}
        />
        <ErrorNote error={add.error} />
        <button type="submit" disabled={add.busy}>
          {tr('console.sso.addSubmit')}
        </button>
      </form>
    </section>
  );
}
