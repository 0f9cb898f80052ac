import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type TestHub } from '@hub/testing';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '@hub/platform';

/** Every route answers 401 without a token, except the ones marked public, which are health checks only. */
describe('guard coverage', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'guards' });
  });
  afterAll(() => t?.close());

  function routes(): { method: string; path: string; isPublic: boolean }[] {
    const app = t.hub.app;
    const modules = app.get(ModulesContainer);
    const scanner = new MetadataScanner();
    const out: { method: string; path: string; isPublic: boolean }[] = [];
    const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
    for (const wrapper of controllers) {
      const instance = wrapper.instance as object;
      const ctor = wrapper.metatype as new () => object;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctor) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, ctor) === true;
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const full = `/${[base, String(path)].filter(Boolean).join('/')}`.replace(/\/+/g, '/');
        out.push({
          method,
          path: full,
          isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
        });
      }
    }
    return out;
  }

  it('finds the routes', () => {
    expect(routes().length).toBeGreaterThan(20);
  });

  it('marks only the health checks, the sign-in routes, the receipt links and the public account public', () => {
    const publicPaths = routes()
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(publicPaths).toEqual([
      'GET /auth/callback',
      'GET /auth/login',
      'GET /auth/providers',
      'GET /health/live',
      'GET /health/ready',
      'GET /r/:token',
      'GET /transparency',
      'GET /transparency.json',
      'POST /auth/logout',
      'POST /r/:token',
    ]);
  });

  it('names every answer with a request id: the caller’s when well formed, else a new one', async () => {
    const given = await fetch(`${t.url}/api/v1/me`, { headers: { 'x-request-id': 'trace-42_a' } });
    expect(given.status).toBe(401);
    expect(given.headers.get('x-request-id')).toBe('trace-42_a');
    const bad = await fetch(`${t.url}/api/v1/me`, { headers: { 'x-request-id': 'no spaces <here>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${t.url}/health/live`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 on every other route without a token', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const route of routes().filter((r) => !r.isPublic)) {
      const concrete = route.path.replace(/:[A-Za-z]+/g, (p) => (p === ':platformKey' ? 'videoshare' : uuid));
      // Outside the API's prefix: the metrics, and TAXII at /taxii2/ as TAXII clients expect it.
      const url = concrete === '/metrics' || concrete.startsWith('/taxii2') ? concrete : `/api/v1${concrete}`;
      const res = await fetch(`${t.url}${url}`, {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{}',
      });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });
});
