import { useState } from 'preact/hooks';
import type { AdminAuditEntryView } from '@hub/contracts';
import { href } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, useAction, useLoad } from '../../ui/forms';
import { ListHead } from '../../ui/list-head';

/** The admin audit log, oldest first, page after page, with the verdict of `GET /audit/verify`. */
export function AdminAuditPage() {
  const { api } = useSession();
  const [entries, setEntries] = useState<AdminAuditEntryView[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const first = useLoad(
    () =>
      api.adminAudit().then((page) => {
        setEntries(page.items);
        setNext(page.next);
        return page;
      }),
    [],
  );
  const verdict = useLoad(() => api.verifyAudit(), []);
  const more = useAction();
  const loadMore = () =>
    void more.run(
      () => api.adminAudit(next),
      (page) => {
        setEntries((e) => [...e, ...page.items]);
        setNext(page.next);
      },
    );
  return (
    <div class="page admin-page">
      <h1>Admin audit log</h1>
      {verdict.value && (
        <p role="status">
          {verdict.value.ok
            ? `The chains hold: ${verdict.value.adminChecked} administrative acts and ${verdict.value.checked} incident events checked.`
            : `A chain is broken${verdict.value.firstBrokenAdminEntryId ? ` at administrative act ${verdict.value.firstBrokenAdminEntryId}` : ''}${verdict.value.firstBrokenEventId ? ` at incident event ${verdict.value.firstBrokenEventId}` : ''}.`}
        </p>
      )}
      <ErrorNote error={first.error ?? verdict.error ?? more.error} />
      <table class="list">
        <ListHead columns={['#', 'When', 'Act', 'By', 'Subject', 'Details']} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.seq}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.action.replace(/[._]/g, ' ')}</td>
              <td>{e.actor.memberId ?? 'the hub'}</td>
              <td>
                {e.subject.type === 'organisation' ? (
                  <a href={href({ page: 'organisation', id: e.subject.id })}>organisation</a>
                ) : (
                  `member ${e.subject.id}`
                )}
              </td>
              <td>
                <code>{JSON.stringify(e.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" class="secondary" disabled={more.busy} onClick={loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
