import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  name?: string;
  preferred_username?: string;
  email?: string;
  groups?: string[];
}

export interface IdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The people who can sign in here (any password), by account id: change them between sign-ins. */
  accounts: Map<string, TestAccount>;
  /** From now on, ID tokens are issued already expired (signed with the provider's own key). */
  issueExpiredIdTokens(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider, a certified implementation) on a free 127.0.0.1 port, with one
 * confidential client whose redirect is the hub's callback, its own RS256 signing key, `groups` claims, and
 * the development login and consent forms, which the tests fill in with plain HTTP.
 */
export async function startIdentityProvider(options: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<IdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const clientId = `hub-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('hex');
  const accounts = new Map(Object.entries(options.accounts));
  let expired = false;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) };
    },
  });
  // An expired ID token, as a provider with a wrong clock would send it: re-signed with the provider's key.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (!expired || ctx.path !== '/token' || !body?.id_token) return;
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...decodeJwt(body.id_token), iat: now - 7200, exp: now - 3600 };
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    issueExpiredIdTokens: (on) => {
      expired = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
