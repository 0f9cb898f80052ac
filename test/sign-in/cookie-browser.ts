/**
 * A browser reduced to what sign-in needs: cookies per host (names only: paths and expiry beyond deletion
 * are not modelled), redirects followed one at a time, forms posted.
 */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    this.jar(url).set(name, value);
  }

  forget(url: string, name: string): void {
    this.jar(url).delete(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookies = [...this.jar(url)].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const gone =
        value === '' ||
        attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (gone) this.jar(url).delete(name);
      else this.jar(url).set(name, value);
    }
    return res;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { headers });
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  private jar(url: string): Map<string, string> {
    const host = new URL(url).host;
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }
}

/**
 * From the provider's authorization URL to the hub's callback URL: logs in as `account` on the provider's
 * form, grants consent, and stops at the redirect to `callbackPrefix` without following it.
 */
export async function authenticateAtProvider(
  browser: CookieBrowser,
  authorizationUrl: string,
  account: string,
  callbackPrefix: string,
): Promise<string> {
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(callbackPrefix)) return url;
    const res = await browser.get(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const page = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${page.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider's page: ${page.slice(0, 500)}`);
    const target = new URL(action.replace(/&amp;/g, '&'), url).href;
    const submitted = await browser.post(
      target,
      prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt },
    );
    if (submitted.status < 300 || submitted.status >= 400)
      throw new Error(
        `the provider's ${prompt} form answered ${submitted.status}: ${await submitted.text()}`,
      );
    url = new URL(submitted.headers.get('location')!, target).href;
  }
  throw new Error('the provider did not send the browser back to the hub');
}
