import { useEffect, useState } from 'preact/hooks';
import type { SignInProviderView } from '@hub/contracts';
import { signInProviders, type ApiError } from '../hub-api.client';
import { ErrorNote, Field, errorText, fieldAria } from '../ui/forms';
import { tr } from '../language';
import { LanguagePicker } from '../ui/language-picker';

export function SignIn(props: { onSignIn: (token: string) => Promise<void>; error: ApiError | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<SignInProviderView[]>([]);
  useEffect(() => {
    void signInProviders().then(setProviders);
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    await props.onSignIn(token.trim());
    setBusy(false);
  };
  const error = props.error ? errorText(props.error) : undefined;
  return (
    <main class="sign-in" id="main">
      <LanguagePicker />
      <h1>crisis-hub</h1>
      <p>{tr('console.signIn.tagline')}</p>
      {providers.length > 0 && (
        <nav class="providers" aria-label={tr('console.signIn.providers')}>
          {providers.map((p) => (
            <a key={p.key} class="button" href={p.loginUrl}>
              {tr('console.signIn.with', { name: p.name })}
            </a>
          ))}
        </nav>
      )}
      <form onSubmit={submit} aria-label={tr('console.signIn.submit')}>
        <Field
          id="token"
          label={providers.length > 0 ? tr('console.signIn.orToken') : tr('console.signIn.token')}
          error={error}
          hint={tr('console.signIn.tokenHint')}
        >
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            maxLength={512}
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            {...fieldAria('token', error, true)}
          />
        </Field>
        <button type="submit" disabled={busy || !token.trim()}>
          {busy ? tr('console.signingIn') : tr('console.signIn.submit')}
        </button>
        {!error && <ErrorNote error={null} />}
      </form>
    </main>
  );
}
