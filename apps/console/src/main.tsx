import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, csrfToken } from './hub-api.client';
import { href, useRoute } from './hash.router';
import { openSession, SessionContext, tokenStore, useSession, type Session } from './session';
import { connectionLabel } from './state/connection';
import { useConnection } from './state/use-room';
import './styles.css';
import { browserLanguage, language, onLanguage, setLanguage, term, tr } from './language';
import { LanguagePicker } from './ui/language-picker';
import { ContactsPage } from './views/contacts.page';
import { AdminAuditPage } from './views/admin/audit.page';
import { PeersPage } from './views/peers.page';
import { AnalyticsPage } from './views/analytics.page';
import { MemberPage } from './views/admin/members.view';
import { OrganisationPage, OrganisationsPage } from './views/admin/organisations.page';
import { BanksPage } from './views/banks.page';
import { ElectionPage, ElectionsPage } from './views/elections.page';
import { ExercisePage, ExercisesPage } from './views/exercises.page';
import { IncidentsPage } from './views/incidents.page';
import { QueuePage } from './views/queue.page';
import { ReportPage } from './views/report.page';
import { RoomPage } from './views/room.page';
import { SignIn } from './views/sign-in.page';

function App() {
  const [session, setSession] = useState<Session | null>(null);
  // A saved token, or the session cookie of a sign-in through an identity provider (its CSRF cookie shows it).
  const [restoring, setRestoring] = useState(() => tokenStore.read() !== null || csrfToken() !== undefined);
  const [error, setError] = useState<ApiError | null>(null);
  // Every view reads the language as it renders: a new one remounts them all, in that language.
  const [lang, setLang] = useState(language);
  useEffect(() => onLanguage(setLang), []);
  // The room's socket tells refusals in the language it connected with: it connects again in a new one.
  useEffect(() => {
    if (session?.room.socket.connected) session.room.socket.disconnect().connect();
  }, [lang]);

  const signIn = async (token: string | undefined) => {
    setError(null);
    try {
      const opened = await openSession(token, () => setSession(null));
      if (token !== undefined) tokenStore.write(token);
      // The member's own language once chosen, else this browser's.
      await setLanguage(opened.me.member.language ?? browserLanguage());
      setSession(opened);
    } catch (e) {
      tokenStore.clear();
      // An ended session says nothing worth showing: the sign-in page is the answer.
      if (token !== undefined || !(e instanceof ApiError && e.status === 401))
        setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message));
    }
  };

  useEffect(() => {
    // For bench/console: when the first screen was on it, counted from the start of navigation.
    performance.mark('console-first-render');
    const saved = tokenStore.read();
    if (saved || csrfToken()) void signIn(saved ?? undefined).finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p class="boot">{tr('console.signingIn')}</p>;
  if (!session) return <SignIn key={lang} onSignIn={signIn} error={error} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell key={lang} />
    </SessionContext.Provider>
  );
}

function Shell() {
  const session = useSession();
  const route = useRoute();
  const { me } = session;
  const connection = useConnection(session.room);
  const isLiaison = me.member.role === 'liaison';
  const isCoordinator = me.member.role === 'coordinator';
  const isAdmin = me.member.role === 'admin';
  const readsAdminAudit = isAdmin || me.member.role === 'observer';
  const readsAnalytics = isCoordinator || isAdmin || me.member.role === 'observer';
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {tr('console.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href={href({ page: 'incidents' })}>
          crisis-hub
        </a>
        <nav aria-label={tr('console.nav.label')}>
          <a
            href={href({ page: 'incidents' })}
            aria-current={route.page === 'incidents' ? 'page' : undefined}
          >
            {tr('console.nav.incidents')}
          </a>
          {isLiaison && (
            <a href={href({ page: 'queue' })} aria-current={route.page === 'queue' ? 'page' : undefined}>
              {tr('console.nav.queue')}
            </a>
          )}
          <a href={href({ page: 'banks' })} aria-current={route.page === 'banks' ? 'page' : undefined}>
            {tr('console.nav.banks')}
          </a>
          <a
            href={href({ page: 'elections' })}
            aria-current={route.page.startsWith('election') ? 'page' : undefined}
          >
            {tr('console.nav.elections')}
          </a>
          {(me.member.role === 'admin' || me.organisation.kind === 'platform') && (
            <a
              href={href({ page: 'contacts' })}
              aria-current={route.page === 'contacts' ? 'page' : undefined}
            >
              {tr('console.nav.contacts')}
            </a>
          )}
          {isCoordinator && (
            <a
              href={href({ page: 'exercises' })}
              aria-current={route.page.startsWith('exercise') ? 'page' : undefined}
            >
              {tr('console.nav.exercises')}
            </a>
          )}
          {isAdmin && (
            <a
              href={href({ page: 'organisations' })}
              aria-current={
                route.page.startsWith('organisation') || route.page === 'member' ? 'page' : undefined
              }
            >
              {tr('console.nav.organisations')}
            </a>
          )}
          {readsAnalytics && (
            <a
              href={href({ page: 'analytics' })}
              aria-current={route.page === 'analytics' ? 'page' : undefined}
            >
              {tr('console.nav.analytics')}
            </a>
          )}
          {(isAdmin || me.member.role === 'coordinator') && (
            <a href={href({ page: 'peers' })} aria-current={route.page === 'peers' ? 'page' : undefined}>
              {tr('console.nav.peers')}
            </a>
          )}
          {readsAdminAudit && (
            <a
              href={href({ page: 'admin-audit' })}
              aria-current={route.page === 'admin-audit' ? 'page' : undefined}
            >
              {tr('console.nav.adminAudit')}
            </a>
          )}
        </nav>
        <span class={`connection ${connection === 'live' ? 'up' : 'down'}`} role="status">
          {connectionLabel(connection)}
        </span>
        <span class="whoami">
          {me.member.displayName} · {me.organisation.name} · <strong>{term('role', me.member.role)}</strong>
        </span>
        <LanguagePicker
          onChosen={(chosen) => session.api.updateMe({ language: chosen }).then(() => undefined)}
        />
        <button type="button" class="secondary" onClick={session.signOut}>
          {tr('console.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </div>
  );
}

function Page() {
  const route = useRoute();
  switch (route.page) {
    case 'incidents':
      return <IncidentsPage />;
    case 'incident':
      return <RoomPage key={route.id} incidentId={route.id} />;
    case 'report':
      return <ReportPage key={route.id} incidentId={route.id} />;
    case 'queue':
      return <QueuePage />;
    case 'contacts':
      return <ContactsPage key={route.organisationId} organisationId={route.organisationId} />;
    case 'exercises':
      return <ExercisesPage />;
    case 'exercise':
      return <ExercisePage key={route.id} runId={route.id} />;
    case 'organisations':
      return <OrganisationsPage />;
    case 'organisation':
      return <OrganisationPage key={route.id} organisationId={route.id} />;
    case 'member':
      return <MemberPage key={route.id} organisationId={route.organisationId} memberId={route.id} />;
    case 'admin-audit':
      return <AdminAuditPage />;
    case 'banks':
      return <BanksPage />;
    case 'elections':
      return <ElectionsPage />;
    case 'election':
      return <ElectionPage key={route.id} electionId={route.id} />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'peers':
      return <PeersPage />;
  }
}

const root = document.getElementById('app')!;
// The first screen is in the reader's language: its catalogue (and English) come before it.
void setLanguage(browserLanguage()).finally(() => {
  root.textContent = '';
  render(<App />, root);
});
