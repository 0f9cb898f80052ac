import { useEffect, useState } from 'preact/hooks';
import type { SignInProviderView } from '@hub/contracts';
import { signInProviders, type ApiError } from '../hub-api.client';
import { ErrorNote, Field, fieldAria } from '../ui/forms';

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
  const error = props.error ? props.error.message : undefined;
  return (
    <main class="sign-in" id="main">
      <h1>crisis-hub</h1>
      <p>Coordination of voluntary, cross-border crisis protocols.</p>
      {providers.length > 0 && (
        <nav class="providers" aria-label="Sign in with your organisation">
          {providers.map((p) => (
            <a key={p.key} class="button" href={p.loginUrl}>
              Sign in with {p.name}
            </a>
          ))}
        </nav>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <Field
          id="token"
          label={providers.length > 0 ? 'Or with an access token' : 'Access token'}
          error={error}
          hint="Issued by your hub administrator."
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
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {!error && <ErrorNote error={null} />}
      </form>
    </main>
  );
}
