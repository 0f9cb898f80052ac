import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { RoomClient } from '@hub/client';
import type { MeView, OrganisationView } from '@hub/contracts';
import { HubApi } from './hub-api.client';
import { language, tr } from './language';

const TOKEN_KEY = 'crisis-hub.token';

/** Everything a signed-in view needs: the REST API, the room's socket, who the user is, and the directory. */
export interface Session {
  api: HubApi;
  room: RoomClient;
  me: MeView;
  organisations: OrganisationView[];
  orgName(id: string | null | undefined): string;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

/** The token lives in session storage: it is gone when the tab closes, and sign-out clears it. */
export const tokenStore = {
  read: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  write: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/**
 * Checks the credential against the hub and opens the room's socket; throws the hub's refusal. Without a
 * token, the browser's session cookie (signed in through an identity provider) is the credential.
 */
export async function openSession(token: string | undefined, onSignOut: () => void): Promise<Session> {
  const api = new HubApi(token);
  const me = await api.me();
  const organisations = (await api.organisations()).items;
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  names.set(me.organisation.id, me.organisation.name);
  const room = new RoomClient({ url: location.origin, token, language });
  return {
    api,
    room,
    me,
    organisations,
    orgName: (id) => (id ? (names.get(id) ?? tr('console.anotherOrganisation')) : tr('console.theHub')),
    signOut: () => {
      room.close();
      tokenStore.clear();
      if (token === undefined) void api.signOut().finally(onSignOut);
      else onSignOut();
    },
  };
}
