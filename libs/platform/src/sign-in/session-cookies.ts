import { CSRF_COOKIE, SESSION_COOKIE } from '@hub/contracts';

/** The browser's sign-in under way: the state it must bring back to the callback. */
export const SIGN_IN_COOKIE = 'hub_sign_in';

/** One cookie's value from a `Cookie` header; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 16_384) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export const sessionSecretOf = (cookieHeader: string | undefined): string | undefined =>
  readCookie(cookieHeader, SESSION_COOKIE);

export interface CookieRequest {
  secure?: boolean;
}

/** Cookies are Secure when the hub is published over https or the request came over https. */
export function cookieIsSecure(publicUrl: string | undefined, request: CookieRequest): boolean {
  return publicUrl?.startsWith('https:') === true || request.secure === true;
}

export { CSRF_COOKIE, SESSION_COOKIE };
