import { useEffect, useState } from 'preact/hooks';

/** The console's pages, addressed by the URL's hash so the hub serves one static page. */
export type Route =
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'report'; id: string }
  | { page: 'queue' }
  | { page: 'exercises' }
  | { page: 'exercise'; id: string }
  | { page: 'organisations' }
  | { page: 'organisation'; id: string }
  | { page: 'admin-audit' };

const UUID = '([0-9a-f-]{36})';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Route][] = [
  [new RegExp(`^/incidents/${UUID}/report$`, 'i'), (m) => ({ page: 'report', id: m[1]! })],
  [new RegExp(`^/incidents/${UUID}$`, 'i'), (m) => ({ page: 'incident', id: m[1]! })],
  [/^\/queue$/, () => ({ page: 'queue' })],
  [new RegExp(`^/exercises/${UUID}$`, 'i'), (m) => ({ page: 'exercise', id: m[1]! })],
  [/^\/exercises$/, () => ({ page: 'exercises' })],
  [new RegExp(`^/admin/organisations/${UUID}$`, 'i'), (m) => ({ page: 'organisation', id: m[1]! })],
  [/^\/admin\/organisations$/, () => ({ page: 'organisations' })],
  [/^\/admin\/audit$/, () => ({ page: 'admin-audit' })],
];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  for (const [pattern, build] of PATTERNS) {
    const match = path.match(pattern);
    if (match) return build(match);
  }
  return { page: 'incidents' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'incidents':
      return '#/';
    case 'incident':
      return `#/incidents/${route.id}`;
    case 'report':
      return `#/incidents/${route.id}/report`;
    case 'queue':
      return '#/queue';
    case 'exercises':
      return '#/exercises';
    case 'exercise':
      return `#/exercises/${route.id}`;
    case 'organisations':
      return '#/admin/organisations';
    case 'organisation':
      return `#/admin/organisations/${route.id}`;
    case 'admin-audit':
      return '#/admin/audit';
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
