import { CATEGORIES, INCIDENT_MODES, type ResponseTimesQuery, type ResponseTimesView } from '@hub/contracts';
import { useState } from 'preact/hooks';
import { ApiError } from '../hub-api.client';
import { useSession } from '../session';
import { responseTimesCsv } from '../state/response-times-csv';
import { saveAnswer } from '../ui/download';
import { ErrorNote, SelectField, TextField } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { minutesText, ResponseTimesChart } from './response-times-chart.view';
import { num, term, tr } from '../language';

type Filters = {
  from: string;
  to: string;
  electionId: string;
  category: '' | (typeof CATEGORIES)[number];
  mode: (typeof INCIDENT_MODES)[number];
};
const NONE: Filters = { from: '', to: '', electionId: '', category: '', mode: 'live' };

/** What the hub is asked: the filters filled in, nothing for those left empty. */
function queryOf(f: Filters): ResponseTimesQuery {
  const q: ResponseTimesQuery = { mode: f.mode };
  if (f.from.trim()) q.from = f.from.trim();
  if (f.to.trim()) q.to = f.to.trim();
  if (f.electionId.trim()) q.electionId = f.electionId.trim();
  if (f.category) q.category = f.category;
  return q;
}

/**
 * Platforms' response times across incidents (coordinators, observers, admins): filters, a bar per
 * platform, the table, and the same figures as CSV, made here from the hub's JSON.
 */
export function AnalyticsPage() {
  const { api } = useSession();
  const [filters, setFilters] = useState<Filters>(NONE);
  const [result, setResult] = useState<{ query: ResponseTimesQuery; view: ResponseTimesView } | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof Filters>(key: K) =>
    (value: Filters[K]) =>
      setFilters((f) => ({ ...f, [key]: value }));
  const fieldError = (name: string) => (error instanceof ApiError ? error.fields[name] : undefined);

  const run = async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    const query = queryOf(filters);
    try {
      setResult({ query, view: await api.responseTimes(query) });
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const csv = () => {
    if (!result) return;
    const q = result.query;
    const name = ['response-times', q.mode, q.category, q.from, q.to].filter(Boolean).join('-');
    saveAnswer(
      { status: 200, body: responseTimesCsv(result.view.platforms) },
      { name: `${name}.csv`, type: 'text/csv' },
    );
  };

  return (
    <div class="page analytics-page">
      <h1>{tr('console.analytics.title')}</h1>
      <p class="muted">{tr('console.analytics.intro')}</p>
      <form class="filters" onSubmit={run} aria-label={tr('console.analytics.filters')}>
        <TextField
          id="an-from"
          label={tr('console.analytics.from')}
          value={filters.from}
          onValue={set('from')}
          error={fieldError('from')}
          hint={tr('console.analytics.fromHint')}
          maxLength={40}
        />
        <TextField
          id="an-to"
          label={tr('console.analytics.to')}
          value={filters.to}
          onValue={set('to')}
          error={fieldError('to')}
          hint={tr('console.analytics.toHint')}
          maxLength={40}
        />
        <SelectField
          id="an-category"
          label={tr('console.field.category')}
          value={filters.category}
          onValue={set('category')}
          options={[{ value: '', label: tr('console.analytics.everyCategory') }, ...CATEGORIES]}
          term="category"
          error={fieldError('category')}
        />
        <SelectField
          id="an-mode"
          label={tr('console.analytics.mode')}
          value={filters.mode}
          onValue={set('mode')}
          options={INCIDENT_MODES}
          term="mode"
          error={fieldError('mode')}
        />
        <TextField
          id="an-election"
          label={tr('console.analytics.electionId')}
          value={filters.electionId}
          onValue={set('electionId')}
          error={fieldError('electionId')}
          maxLength={36}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? tr('console.analytics.counting') : tr('console.analytics.show')}
          </button>
          <button type="button" class="secondary" disabled={!result} onClick={csv}>
            {tr('console.analytics.csv')}
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      {result && (
        <>
          <section aria-labelledby="an-chart">
            <h2 id="an-chart">{tr('console.analytics.chartTitle')}</h2>
            <ResponseTimesChart platforms={result.view.platforms} />
          </section>
          <section aria-labelledby="an-table">
            <h2 id="an-table">{tr('console.analytics.perPlatform')}</h2>
            <table class="list">
              <ListHead
                columns={[
                  tr('console.field.platform'),
                  tr('console.analytics.cells'),
                  tr('console.analytics.replied'),
                  tr('console.analytics.firstAnswer'),
                  tr('console.analytics.outcomeColumn'),
                  tr('console.incidents.column.overdue'),
                  tr('console.analytics.statuses'),
                ]}
              />
              <tbody>
                {result.view.platforms.map((p) => (
                  <tr key={p.platformKey}>
                    <th scope="row">{p.platformKey}</th>
                    <td>{num(p.cells)}</td>
                    <td>{num(p.replied)}</td>
                    <td>
                      {minutesText(p.medianFirstReplyMinutes)} / {minutesText(p.p90FirstReplyMinutes)}
                    </td>
                    <td>
                      {minutesText(p.medianOutcomeMinutes)} / {minutesText(p.p90OutcomeMinutes)}
                    </td>
                    <td>{num(p.overdue)}</td>
                    <td>
                      {Object.entries(p.outcomes)
                        .map(([status, n]) =>
                          tr('console.analytics.statusCount', { status: term('status', status), count: n }),
                        )
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
