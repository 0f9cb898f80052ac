/** Names of the cookies a signed-in console carries. */
export const SESSION_COOKIE = 'hub_session';
/** Readable by the console's script, which sends it back as `X-CSRF-Token` on every change. */
export const CSRF_COOKIE = 'hub_csrf';
export const CSRF_HEADER = 'x-csrf-token';
