import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { CSRF_COOKIE, SESSION_COOKIE } from '@hub/contracts';
import { ApiClient, freePort, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { authenticateAtProvider, CookieBrowser } from './cookie-browser';
import { startIdentityProvider, type IdentityProvider } from './identity-provider';

/**
 * Sign-in through real OpenID providers (oidc-provider, in this process), driven with plain HTTP: the
 * provider's own login and consent forms, the hub's callback, then the session cookie against the API
 * and the incident room.
 *
 * Over 450 lines on purpose: every case shares two running identity providers and one hub, which take
 * seconds to start; splitting the file would start them again for each part.
 */
describe('signing in with an organisation identity provider', () => {
  let t: TestHub;
  let as: Cast;
  let idp: IdentityProvider;
  let other: IdentityProvider;
  let hubUrl: string;
  let callbackPrefix: string;

  beforeAll(async () => {
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    callbackPrefix = `${hubUrl}/api/v1/auth/callback`;
    idp = await startIdentityProvider({
      redirectUri: callbackPrefix,
      accounts: {
        alice: { name: 'Alice Martin', preferred_username: 'amartin', groups: ['be-police-crisis', 'staff'] },
        bob: { preferred_username: 'bob', groups: ['marketing'] },
      },
    });
    other = await startIdentityProvider({
      redirectUri: callbackPrefix,
      accounts: { mallory: { name: 'Mallory', groups: ['be-police-crisis'] } },
    });
    t = await startTestHub(HUB_OPTIONS, {
      label: 'oidc',
      env: {
        PORT: String(port),
        HUB_PUBLIC_URL: hubUrl,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_NAME: 'Belgian federal police',
        OIDC_ISSUERS: JSON.stringify([
          {
            key: 'other',
            name: 'Another federation',
            issuer: other.issuer,
            clientId: other.clientId,
            clientSecret: other.clientSecret,
          },
        ]),
      },
    });
    as = await t.seed();
  });
  // Each test maps what it needs; removing the mappings ends the sessions they admitted.
  afterEach(() => t.sql.query(`DELETE FROM sso_mappings`));
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await other?.close();
  });

  /** Starts a sign-in in this browser: the provider's authorization URL (the hub's state cookie is kept). */
  async function startSignIn(browser: CookieBrowser, issuer = 'default'): Promise<string> {
    const res = await browser.get(`${hubUrl}/api/v1/auth/login?issuer=${issuer}`);
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  }

  /** The whole flow; answers the hub callback's response. */
  async function signIn(account: string, browser = new CookieBrowser(), issuer = 'default') {
    const authorizationUrl = await startSignIn(browser, issuer);
    const callback = await authenticateAtProvider(browser, authorizationUrl, account, callbackPrefix);
    const res = await browser.get(callback);
    return { res, browser, callback, body: await res.text() };
  }

  /** The API as the browser's session: the cookie, and the CSRF header unless told otherwise. */
  function asBrowser(browser: CookieBrowser, { csrf = true } = {}) {
    return async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (csrf) headers['x-csrf-token'] = browser.cookie(hubUrl, CSRF_COOKIE) ?? '';
      const res = await browser.request(`${hubUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
  }

  async function mapBePolice(): Promise<string> {
    const res = await t.admin.post(`/organisations/${as.be.organisation.id}/sso`, {
      claim: 'groups',
      value: 'be-police-crisis',
      role: 'authority',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('lists the configured providers publicly, for the console buttons', async () => {
    const res = await new ApiClient(hubUrl).get('/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { key: 'default', name: 'Belgian federal police', loginUrl: '/api/v1/auth/login?issuer=default' },
      { key: 'other', name: 'Another federation', loginUrl: '/api/v1/auth/login?issuer=other' },
    ]);
    expect((await new ApiClient(hubUrl).get('/auth/login?issuer=nobody')).status).toBe(404);
  });

  it('admits a mapped user as a new member with the mapped role, who then acts by that role', async () => {
    const mappingId = await mapBePolice();
    const { res, browser } = await signIn('alice');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookies = res.headers.getSetCookie().join('\n');
    expect(setCookies).toMatch(
      /hub_session=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax/,
    );
    expect(setCookies).toMatch(/hub_csrf=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; SameSite=Lax/);

    const { rows: members } = await t.sql.query(
      `SELECT m.* FROM members m JOIN member_identities i ON i.member_id = m.id
        WHERE i.issuer = $1 AND i.subject = 'alice'`,
      [idp.issuer],
    );
    expect(members).toEqual([
      expect.objectContaining({
        organisation_id: as.be.organisation.id,
        display_name: 'Alice Martin',
        role: 'authority',
      }),
    ]);
    const { rows: created } = await t.sql.query(
      `SELECT action, actor_member_id, data->'signIn'->>'subject' AS subject FROM admin_audit WHERE subject_id = $1`,
      [members[0].id],
    );
    expect(created).toEqual([{ action: 'member.created', actor_member_id: members[0].id, subject: 'alice' }]);
    const { rows: sessions } = await t.sql.query(`SELECT * FROM sessions WHERE member_id = $1`, [
      members[0].id,
    ]);
    expect(sessions).toEqual([expect.objectContaining({ mapping_id: mappingId, subject: 'alice' })]);
    // Only a hash of the cookie is stored.
    expect(sessions[0].secret_hash).not.toContain(browser.cookie(hubUrl, SESSION_COOKIE));

    const api = asBrowser(browser);
    const me = await api('GET', '/me');
    expect(me.body.member).toMatchObject({
      id: members[0].id,
      role: 'authority',
      displayName: 'Alice Martin',
    });
    // An authority declares an incident (to be assessed); creating an organisation is the admin's.
    const declared = await api('POST', '/incidents', {
      title: 'Hoax spreading',
      summary: 'A hoax about polling stations spreads.',
      category: 'election_integrity',
      level: 'incident',
      mode: 'live',
      participants: [as.be.organisation.id, as.coordinator.organisation.id],
      platforms: [],
    });
    expect(declared.status).toBe(201);
    expect(declared.body.status).toBe('assessing');
    const { rows: events } = await t.sql.query(
      `SELECT actor_member_id FROM incident_events WHERE incident_id = $1 ORDER BY seq LIMIT 1`,
      [declared.body.id],
    );
    expect(events[0].actor_member_id).toBe(members[0].id);
    expect((await api('POST', '/organisations', { name: 'Nope', kind: 'observer' })).status).toBe(403);

    // The admin sees the session; a second sign-in updates the name and opens a second session.
    idp.accounts.set('alice', { ...idp.accounts.get('alice'), name: 'Alice Martin-Dupont' });
    expect((await signIn('alice')).res.status).toBe(303);
    const { rows: after } = await t.sql.query(`SELECT display_name FROM members WHERE id = $1`, [
      members[0].id,
    ]);
    expect(after).toEqual([{ display_name: 'Alice Martin-Dupont' }]);
    const listed = await t.admin.get(`/members/${members[0].id}/sessions`);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items[0]).toMatchObject({
      memberId: members[0].id,
      issuer: idp.issuer,
      subject: 'alice',
    });
  });

  it('refuses a change made with the cookie but without the CSRF token; a bearer token needs none', async () => {
    await mapBePolice();
    const { browser } = await signIn('alice');
    const message = { text: 'hello' };
    const incident = await as.be.api.post('/incidents', {
      title: 'CSRF check',
      summary: 'An incident to post in.',
      category: 'other',
      level: 'awareness',
      mode: 'live',
      participants: [as.be.organisation.id],
      platforms: [],
    });
    expect(incident.status).toBe(201);
    const withoutCsrf = await asBrowser(browser, { csrf: false })(
      'POST',
      `/incidents/${incident.body.id}/messages`,
      message,
    );
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.message).toMatch(/X-CSRF-Token/);
    const wrong = await browser.request(`${hubUrl}/api/v1/incidents/${incident.body.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'x'.repeat(43) },
      body: JSON.stringify(message),
    });
    expect(wrong.status).toBe(403);
    const { rows } = await t.sql.query(
      `SELECT count(*)::int AS n FROM incident_events WHERE type = 'message.posted'`,
    );
    expect(rows[0].n).toBe(0);
    // Reads need no CSRF token; a change with it goes through.
    expect((await asBrowser(browser, { csrf: false })('GET', '/me')).status).toBe(200);
    expect(
      (await asBrowser(browser)('POST', `/incidents/${incident.body.id}/messages`, message)).status,
    ).toBe(201);
    expect((await as.be.api.post(`/incidents/${incident.body.id}/messages`, message)).status).toBe(201);
  });

  it('opens the incident room with the cookie, from the hub own pages only; logout ends it everywhere', async () => {
    await mapBePolice();
    const { browser } = await signIn('alice');
    const cookie = `${SESSION_COOKIE}=${browser.cookie(hubUrl, SESSION_COOKIE)}`;
    const room = new RoomClient({
      url: hubUrl,
      socketOptions: { extraHeaders: { cookie, origin: hubUrl }, reconnection: false },
    });
    await room.connected();
    const foreign = new RoomClient({
      url: hubUrl,
      socketOptions: { extraHeaders: { cookie, origin: 'https://evil.example' }, reconnection: false },
    });
    await expect(foreign.connected()).rejects.toThrow(/own pages/);
    foreign.socket.close();

    const api = asBrowser(browser);
    const secret = browser.cookie(hubUrl, SESSION_COOKIE)!;
    // Logging out is a change too: without the CSRF token it is refused and the session stays.
    expect((await asBrowser(browser, { csrf: false })('POST', '/auth/logout')).status).toBe(403);
    expect((await api('POST', '/auth/logout')).status).toBe(204);
    await waitFor(() => !room.socket.connected, Boolean, { what: 'the session socket disconnected' });
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions WHERE subject = 'alice'`);
    expect(rows[0].n).toBe(0);
    expect(browser.cookie(hubUrl, SESSION_COOKIE)).toBeUndefined();

    // The cookie of the ended session, sent again, is refused by the API and the room.
    browser.setCookie(hubUrl, SESSION_COOKIE, secret);
    const replay = await asBrowser(browser)('GET', '/me');
    expect(replay.status).toBe(401);
    const again = new RoomClient({
      url: hubUrl,
      socketOptions: { extraHeaders: { cookie, origin: hubUrl }, reconnection: false },
    });
    await expect(again.connected()).rejects.toThrow(/session has ended/);
    again.socket.close();
    room.socket.close();
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    await mapBePolice();
    const browser = new CookieBrowser();
    const authorizationUrl = await startSignIn(browser);
    const callback = new URL(
      await authenticateAtProvider(browser, authorizationUrl, 'alice', callbackPrefix),
    );
    callback.searchParams.set('state', 'forged-state-value');
    const res = await browser.get(callback.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/does not belong to a sign-in started in this browser/);
    expect(res.headers.getSetCookie().join()).not.toMatch(/hub_session=[^;]/);
    // Another browser cannot finish this one's sign-in either (it lacks the state cookie).
    const stranger = await new CookieBrowser().get(
      new URL(await authenticateAtProvider(browser, await startSignIn(browser), 'alice', callbackPrefix))
        .href,
    );
    expect(stranger.status).toBe(400);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions WHERE subject = 'alice'`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a replayed callback and a replayed authorization code', async () => {
    await mapBePolice();
    const first = await signIn('alice');
    expect(first.res.status).toBe(303);
    const used = new URL(first.callback);
    // The same answer again: its sign-in was taken once.
    first.browser.setCookie(hubUrl, 'hub_sign_in', used.searchParams.get('state')!);
    const again = await first.browser.get(used.href);
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/already been used or has expired/);
    // The used code inside a fresh sign-in of the same browser: the provider refuses it.
    const fresh = new URL(
      await authenticateAtProvider(first.browser, await startSignIn(first.browser), 'alice', callbackPrefix),
    );
    fresh.searchParams.set('code', used.searchParams.get('code')!);
    const replayed = await first.browser.get(fresh.href);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toMatch(/invalid_grant/);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions WHERE subject = 'alice'`);
    expect(rows[0].n).toBe(1);
  });

  it('refuses an answer from another issuer than the one the sign-in started with', async () => {
    await mapBePolice();
    const browser = new CookieBrowser();
    const mallory = new URL(
      await authenticateAtProvider(browser, await startSignIn(browser, 'other'), 'mallory', callbackPrefix),
    );
    // A sign-in started with the default issuer, answered with the other issuer's code.
    const started = new URL(
      await authenticateAtProvider(browser, await startSignIn(browser, 'default'), 'alice', callbackPrefix),
    );
    const mixed = new URL(started.href);
    mixed.searchParams.set('code', mallory.searchParams.get('code')!);
    mixed.searchParams.set('iss', mallory.searchParams.get('iss')!);
    expect(mallory.searchParams.get('iss')).toBe(other.issuer);
    const res = await browser.get(mixed.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/unexpected &#34;iss&#34; \(issuer\)/);
    // Without the `iss` parameter: refused too, since the issuer says it always sends one (RFC 9207).
    const restarted = new URL(
      await authenticateAtProvider(browser, await startSignIn(browser, 'default'), 'alice', callbackPrefix),
    );
    restarted.searchParams.set('code', mallory.searchParams.get('code')!);
    restarted.searchParams.delete('iss');
    const exchanged = await browser.get(restarted.href);
    expect(exchanged.status).toBe(400);
    expect(await exchanged.text()).toMatch(/&#34;iss&#34; \(issuer\) missing/);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses an expired ID token', async () => {
    await mapBePolice();
    idp.issueExpiredIdTokens(true);
    try {
      const { res, body } = await signIn('alice');
      expect(res.status).toBe(400);
      expect(body).toMatch(/the ID token has expired/);
    } finally {
      idp.issueExpiredIdTokens(false);
    }
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a user whose claims map to nothing, with a page saying what to ask the admin', async () => {
    const { res, body } = await signIn('bob');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toMatch(/Ask the administrator of the hub for your organisation to map one of your groups/);
    const { rows } = await t.sql.query(
      `SELECT count(*)::int AS n FROM member_identities WHERE subject = 'bob'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('ends the sessions of a user whose mapping is removed, and refuses the next sign-in', async () => {
    const mappingId = await mapBePolice();
    const { browser } = await signIn('alice');
    const api = asBrowser(browser);
    expect((await api('GET', '/me')).status).toBe(200);
    expect((await t.admin.delete(`/organisations/${as.be.organisation.id}/sso/${mappingId}`)).status).toBe(
      204,
    );
    expect((await api('GET', '/me')).status).toBe(401);

    // Mapped again by another claim value, then that one removed from the user at the provider.
    const staff = await t.admin.post(`/organisations/${as.be.organisation.id}/sso`, {
      claim: 'groups',
      value: 'staff',
      role: 'authority',
    });
    const second = await signIn('alice');
    expect(second.res.status).toBe(303);
    idp.accounts.set('alice', { ...idp.accounts.get('alice'), groups: ['former-staff'] });
    const refused = await signIn('alice');
    expect(refused.res.status).toBe(403);
    expect(refused.body).toMatch(/is mapped to your organisation any more/);
    expect((await asBrowser(second.browser)('GET', '/me')).status).toBe(401);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions WHERE subject = 'alice'`);
    expect(rows[0].n).toBe(0);
    expect(staff.status).toBe(201);
    idp.accounts.set('alice', { ...idp.accounts.get('alice'), groups: ['be-police-crisis', 'staff'] });
  });

  it('validates mappings: the role must fit the organisation, the issuer must be configured', async () => {
    const path = `/organisations/${as.videoshare.organisation.id}/sso`;
    const wrongRole = await t.admin.post(path, { claim: 'groups', value: 'x', role: 'authority' });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    const unknownIssuer = await t.admin.post(path, {
      claim: 'groups',
      value: 'x',
      role: 'liaison',
      issuer: 'nope',
    });
    expect(unknownIssuer.status).toBe(400);
    expect(unknownIssuer.body.message).toMatch(/issuer/);
    const ok = await t.admin.post(path, {
      claim: 'groups',
      value: 'vs-trust',
      role: 'liaison',
      issuer: 'other',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ claim: 'groups', value: 'vs-trust', role: 'liaison', issuer: 'other' });
    expect(
      (await t.admin.post(path, { claim: 'groups', value: 'vs-trust', role: 'liaison', issuer: 'other' }))
        .status,
    ).toBe(409);
    expect((await t.admin.post(path, { claim: 'bad claim', value: 'x', role: 'liaison' })).status).toBe(400);
    const listed = await t.admin.get(path);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: ok.body.id })]);
    expect((await t.admin.delete(`${path}/${ok.body.id}`)).status).toBe(204);
    expect((await t.admin.delete(`${path}/${ok.body.id}`)).status).toBe(404);
    const { rows: audit } = await t.sql.query(
      `SELECT action, data->>'mappingId' AS mapping FROM admin_audit
        WHERE subject_id = $1 AND action LIKE 'organisation.sso%' ORDER BY seq`,
      [as.videoshare.organisation.id],
    );
    expect(audit).toEqual([
      { action: 'organisation.sso_mapping_added', mapping: ok.body.id },
      { action: 'organisation.sso_mapping_removed', mapping: ok.body.id },
    ]);
    expect((await t.admin.get('/audit/verify')).body.ok).toBe(true);
  });

  it('lists a member tokens without their secret, with their last use, revokes one and adds one', async () => {
    expect((await as.observer.api.get('/me')).status).toBe(200);
    const listed = await t.admin.get(`/members/${as.observer.memberId}/tokens`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const token = listed.body.items[0];
    expect(Object.keys(token).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'memberId']);
    expect(JSON.stringify(listed.body)).not.toContain(as.observer.token);
    expect((await t.admin.delete(`/tokens/${token.id}`)).status).toBe(204);
    await waitFor(async () => (await as.observer.api.get('/me')).status === 401, Boolean, {
      what: 'the revoked token refused',
    });
    const after = await t.admin.get(`/members/${as.observer.memberId}/tokens`);
    expect(after.body.items[0].revokedAt).toEqual(expect.any(String));
    expect((await t.admin.delete(`/tokens/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    // A new token for the same member (break-glass): shown once, works, stored hashed.
    const created = await t.admin.post(`/members/${as.observer.memberId}/tokens`, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      memberId: as.observer.memberId,
      token: expect.stringMatching(/^hub_/),
    });
    expect((await t.client(created.body.token).get('/me')).body.member.id).toBe(as.observer.memberId);
    const { rows } = await t.sql.query(`SELECT token_hash FROM tokens WHERE id = $1`, [created.body.id]);
    expect(rows[0].token_hash).not.toContain(created.body.token);
    expect((await t.admin.get(`/members/${as.observer.memberId}/tokens`)).body.items).toHaveLength(2);
    expect((await t.admin.post(`/members/00000000-0000-4000-8000-000000000000/tokens`, {})).status).toBe(404);
    const { rows: audit } = await t.sql.query(
      `SELECT action FROM admin_audit WHERE subject_id = $1 AND action LIKE 'member.token%' ORDER BY seq`,
      [as.observer.memberId],
    );
    expect(audit.map((a) => a.action)).toEqual(['member.token_revoked', 'member.token_created']);
  });

  it('refuses the session and the next sign-in of a deactivated member, or of one of a deactivated organisation', async () => {
    await mapBePolice();
    const { browser } = await signIn('alice');
    const api = asBrowser(browser);
    const me = await api('GET', '/me');
    expect(me.status).toBe(200);
    expect((await t.admin.patch(`/members/${me.body.member.id}`, { active: false })).status).toBe(200);
    expect((await api('GET', '/me')).status).toBe(401);
    const refused = await signIn('alice');
    expect(refused.res.status).toBe(403);
    expect(refused.body).toMatch(/has been switched off/);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM sessions WHERE subject = 'alice'`);
    expect(rows[0].n).toBe(0);
    expect((await t.admin.patch(`/members/${me.body.member.id}`, { active: true })).status).toBe(200);

    const back = await signIn('alice');
    expect(back.res.status).toBe(303);
    expect((await t.admin.patch(`/organisations/${as.be.organisation.id}`, { active: false })).status).toBe(
      200,
    );
    expect((await asBrowser(back.browser)('GET', '/me')).status).toBe(401);
    expect((await signIn('alice')).res.status).toBe(403);
    expect((await t.admin.patch(`/organisations/${as.be.organisation.id}`, { active: true })).status).toBe(
      200,
    );
  });
});
