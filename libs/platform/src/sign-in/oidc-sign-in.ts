import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { DomainError, ERROR_CODES, type SignInDirectory, type VerifiedIdentity } from '@hub/domain';
import type { OidcIssuerConfig } from '../config/config.schema';

/** How long a browser may take at its identity provider between `/auth/login` and `/auth/callback`. */
export const SIGN_IN_ATTEMPT_MS = 10 * 60_000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const stateHashOf = (state: string): string => createHash('sha256').update(state, 'utf8').digest('hex');

/**
 * OpenID Connect authorization code flow with PKCE, through openid-client: it checks the answer's state
 * and issuer, the ID token's signature (the issuer's published keys), issuer, audience, expiry and nonce.
 * Each issuer's discovery document is read on first use, so the hub starts while a provider is down.
 * What a browser started is kept server-side (PKCE verifier, nonce), found by the hash of its state and
 * taken once, so a replayed or forged callback finds nothing.
 */
export class OidcSignIn {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(
    private readonly issuers: OidcIssuerConfig[],
    private readonly attempts: SignInDirectory,
  ) {}

  list(): OidcIssuerConfig[] {
    return this.issuers;
  }

  keys(): string[] {
    return this.issuers.map((i) => i.key);
  }

  /** The provider's authorization URL to send the browser to, and the state the browser must bring back. */
  async start(issuerKey: string, redirectUri: string): Promise<{ url: URL; state: string }> {
    const issuer = this.issuers.find((i) => i.key === issuerKey);
    if (!issuer)
      throw new DomainError(ERROR_CODES.NOT_FOUND, `no configured issuer has the key ${issuerKey}`);
    const configuration = await this.configuration(issuer);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.attempts.insertAttempt({
      stateHash: stateHashOf(state),
      issuerKey,
      nonce,
      codeVerifier,
      expiresAt: new Date(Date.now() + SIGN_IN_ATTEMPT_MS),
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: issuer.scope ?? 'openid profile email groups',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state };
  }

  /**
   * Checks the provider's answer and returns who signed in. `browserState` is the state this browser was
   * given at start (its cookie): a callback carried to another browser is refused.
   */
  async finish(
    callbackUrl: URL,
    browserState: string | undefined,
    redirectUri: string,
  ): Promise<VerifiedIdentity> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || state.length > 200 || state !== browserState)
      throw refused('the sign-in answer does not belong to a sign-in started in this browser');
    const attempt = await this.attempts.takeAttempt(stateHashOf(state), new Date());
    if (!attempt) throw refused('this sign-in has already been used or has expired; start again');
    const issuer = this.issuers.find((i) => i.key === attempt.issuerKey);
    if (!issuer) throw refused('the identity provider of this sign-in is no longer configured');
    const configuration = await this.configuration(issuer);
    try {
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: redirectUri },
      );
      const idToken = tokens.claims();
      if (!idToken) throw refused('the identity provider sent no ID token');
      // Providers put groups in the ID token or only at the userinfo endpoint: both are read, the ID
      // token's own claims winning.
      const userinfo = configuration.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
        : {};
      return {
        issuerKey: issuer.key,
        issuer: idToken.iss,
        subject: idToken.sub,
        claims: { ...userinfo, ...idToken },
      };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (isProviderUnreachable(error)) throw unavailable(issuer);
      throw refused(`the identity provider's answer was not accepted (${describe(error)})`);
    }
  }

  private configuration(issuer: OidcIssuerConfig): Promise<oidc.Configuration> {
    let configuration = this.configurations.get(issuer.key);
    if (!configuration) {
      const server = new URL(issuer.issuer);
      // Plain http is allowed for a provider on this machine only (development, tests).
      const insecure = server.protocol === 'http:' && LOOPBACK.has(server.hostname);
      configuration = oidc.discovery(
        server,
        issuer.clientId,
        undefined,
        issuer.clientSecret ? oidc.ClientSecretPost(issuer.clientSecret) : oidc.None(),
        insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      );
      this.configurations.set(issuer.key, configuration);
      // A failed discovery is tried again at the next sign-in.
      configuration.catch(() => this.configurations.delete(issuer.key));
    }
    return configuration.catch((error: unknown) => {
      throw isProviderUnreachable(error) ? unavailable(issuer) : refused(describe(error));
    });
  }
}

const refused = (message: string): DomainError => new DomainError(ERROR_CODES.VALIDATION_FAILED, message);

const unavailable = (issuer: OidcIssuerConfig): DomainError =>
  new DomainError(ERROR_CODES.UNAVAILABLE, `the identity provider ${issuer.name} cannot be reached`);

function isProviderUnreachable(error: unknown): boolean {
  const e = error as { cause?: { code?: string }; code?: string; name?: string };
  return (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    e?.code === 'OAUTH_TIMEOUT' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT'].includes(e?.cause?.code ?? '')
  );
}

/** What an administrator should read for the checks that fail most in practice. */
const EXPLAINED: Record<string, string> = {
  OAUTH_JWT_TIMESTAMP_CHECK_FAILED: 'the ID token has expired or is not valid yet (is a clock wrong?)',
  OAUTH_JWS_SIGNATURE_VERIFICATION_FAILED: 'the ID token is not signed by the issuer',
  OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED: 'the ID token was issued by another issuer or for another client',
};

function describe(error: unknown): string {
  // openid-client wraps what oauth4webapi found ("invalid response encountered") around its cause.
  const e = error as { code?: string; error?: string; message?: string; cause?: unknown };
  const cause = e?.cause as { code?: string; message?: string } | undefined;
  const inner = e?.code === 'OAUTH_INVALID_RESPONSE' && cause?.message ? cause : e;
  const explained = inner?.code ? EXPLAINED[inner.code] : undefined;
  if (explained) return `${explained}; ${inner.code}`;
  return [e?.error ?? inner?.code, inner?.message].filter(Boolean).join(': ').slice(0, 300);
}
