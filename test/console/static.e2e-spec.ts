import { consoleDirectory } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self' ws: wss:; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** The browser console, served by the api from dist/console: public, cached by name, locked down. */
describe('the console as static files', () => {
  const directory = consoleDirectory();
  const indexFile = join(directory, 'index.html');
  let t: TestHub;
  let html: string;

  beforeAll(async () => {
    if (!existsSync(indexFile)) {
      throw new Error(
        `${indexFile} is missing: run \`npm run build\` (or \`npm run build:console\`) first; npm test builds before jest`,
      );
    }
    html = readFileSync(indexFile, 'utf8');
    t = await startTestHub(HUB_OPTIONS, { label: 'console' });
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });
  const expectLockedDown = (res: Response) => {
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  };
  const assetsNamed = (): string[] =>
    [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

  it('answers index.html at / without a token, never cached without revalidation', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expectLockedDown(res);
    expect(await res.text()).toBe(html);

    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    // fetch adds `cache-control: no-cache` to a conditional request unless one is given.
    const again = await get('/', { 'if-none-match': etag!, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
    expectLockedDown(again);
  });

  it('serves the assets index.html names, cached for good', async () => {
    const assets = assetsNamed();
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/app-[\w-]+\.js$/)]));
    for (const path of assets) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(
        path.endsWith('.js') ? /javascript/ : path.endsWith('.json') ? /^application\/json/ : /^text\/css/,
      );
      expectLockedDown(res);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(readFileSync(join(directory, path)))).toBe(true);
    }
  });

  it('leaves the API guarded', async () => {
    const anonymous = await get('/api/v1/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-security-policy')).toBeNull();
    expect((await get('/api/v1/me', { authorization: `Bearer ${t.adminToken}` })).status).toBe(200);
  });

  it('has no fallback to index.html: unknown paths are 404', async () => {
    for (const path of [
      '/nonexistent',
      '/incidents/123',
      '/assets/app-missing.js',
      '/assets',
      '/api/v1/nope',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).not.toContain('id="app"');
    }
  });
});
