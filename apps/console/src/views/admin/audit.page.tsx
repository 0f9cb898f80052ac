import { useState } from 'preact/hooks';
import type { AdminAuditEntryView } from '@hub/contracts';
import { href } from '../../hash.router';
import { useSession } from '../../session';
import { ErrorNote, useAction, useLoad } from '../../ui/forms';
import { ListHead } from '../../ui/list-head';
import { term, tr, when } from '../../language';

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
      <h1>{tr('console.audit.title')}</h1>
      {verdict.value && (
        <p role="status">
          {verdict.value.ok
            ? tr('console.audit.hold', {
                acts: verdict.value.adminChecked,
                events: verdict.value.checked,
              })
            : tr('console.audit.broken', {
                act: verdict.value.firstBrokenAdminEntryId ?? 'none',
                event: verdict.value.firstBrokenEventId ?? 'none',
              })}
        </p>
      )}
      <ErrorNote error={first.error ?? verdict.error ?? more.error} />
      <table class="list">
        <ListHead
          columns={[
            '#',
            tr('console.audit.when'),
            tr('console.audit.act'),
            tr('console.audit.by'),
            tr('console.audit.subject'),
            tr('console.audit.details'),
          ]}
        />
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.seq}</td>
              <td>{when(e.at)}</td>
              <td>{term('adminAction', e.action)}</td>
              <td>{e.actor.memberId ?? tr('console.theHub')}</td>
              <td>
                {e.subject.type === 'organisation' ? (
                  <a href={href({ page: 'organisation', id: e.subject.id })}>
                    {tr('console.audit.organisation')}
                  </a>
                ) : (
                  tr('console.audit.member', { id: e.subject.id })
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
          {tr('console.loadMore')}
        </button>
      )}
    </div>
  );
}
