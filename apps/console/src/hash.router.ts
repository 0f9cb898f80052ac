import { useEffect, useState } from 'preact/hooks';

/** The console's pages, addressed by the URL's hash so the hub serves one static page. */
export type Route =
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'report'; id: string }
  | { page: 'queue' }
  | { page: 'contacts'; organisationId?: string }
  | { page: 'exercises' }
  | { page: 'exercise'; id: string }
  | { page: 'organisations' }
  | { page: 'organisation'; id: string }
  | { page: 'member'; organisationId: string; id: string }
  | { page: 'admin-audit' }
  | { page: 'banks' }
  | { page: 'elections' }
  | { page: 'election'; id: string }
  | { page: 'analytics' }
  | { page: 'peers' };

const UUID = '([0-9a-f-]{36})';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Route][] = [
  [new RegExp(`^/incidents/${UUID}/report$`, 'i'), (m) => ({ page: 'report', id: m[1]! })],
  [new RegExp(`^/incidents/${UUID}$`, 'i'), (m) => ({ page: 'incident', id: m[1]! })],
  [/^\/queue$/, () => ({ page: 'queue' })],
  [new RegExp(`^/contacts/${UUID}$`, 'i'), (m) => ({ page: 'contacts', organisationId: m[1]! })],
  [/^\/contacts$/, () => ({ page: 'contacts' })],
  [new RegExp(`^/exercises/${UUID}$`, 'i'), (m) => ({ page: 'exercise', id: m[1]! })],
  [/^\/exercises$/, () => ({ page: 'exercises' })],
  [
    new RegExp(`^/admin/organisations/${UUID}/members/${UUID}$`, 'i'),
    (m) => ({ page: 'member', organisationId: m[1]!, id: m[2]! }),
  ],
  [new RegExp(`^/admin/organisations/${UUID}$`, 'i'), (m) => ({ page: 'organisation', id: m[1]! })],
  [/^\/admin\/organisations$/, () => ({ page: 'organisations' })],
  [/^\/admin\/audit$/, () => ({ page: 'admin-audit' })],
  [/^\/banks$/, () => ({ page: 'banks' })],
  [new RegExp(`^/elections/${UUID}$`, 'i'), (m) => ({ page: 'election', id: m[1]! })],
  [/^\/elections$/, () => ({ page: 'elections' })],
  [/^\/analytics$/, () => ({ page: 'analytics' })],
  [/^\/peers$/, () => ({ page: 'peers' })],
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
    case 'contacts':
      return route.organisationId ? `#/contacts/${route.organisationId}` : '#/contacts';
    case 'exercises':
      return '#/exercises';
    case 'exercise':
      return `#/exercises/${route.id}`;
    case 'organisations':
      return '#/admin/organisations';
    case 'organisation':
      return `#/admin/organisations/${route.id}`;
    case 'member':
      return `#/admin/organisations/${route.organisationId}/members/${route.id}`;
    case 'admin-audit':
      return '#/admin/audit';
    case 'banks':
      return '#/banks';
    case 'elections':
      return '#/elections';
    case 'election':
      return `#/elections/${route.id}`;
    case 'analytics':
      return '#/analytics';
    case 'peers':
      return '#/peers';
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
