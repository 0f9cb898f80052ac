import { useState } from 'preact/hooks';
import { href } from '../hash.router';
import { useSession } from '../session';
import { platformTimes } from '../state/deadlines';
import { ErrorNote, useLoad } from '../ui/forms';
import { TimesChart } from './times-chart.view';

const FORMATS = [
  { format: 'html', label: 'HTML', type: 'text/html' },
  { format: 'md', label: 'Markdown', type: 'text/markdown' },
  { format: 'csv', label: 'CSV', type: 'text/csv' },
  { format: 'json', label: 'JSON', type: 'application/json' },
] as const;

/** The after-action view: containment per platform against the deadlines, and the report to download. */
export function ReportPage(props: { incidentId: string }) {
  const { api } = useSession();
  const data = useLoad(async () => {
    const [incident, items, summary] = await Promise.all([
      api.incident(props.incidentId),
      api.allItems(props.incidentId),
      api.containment(props.incidentId),
    ]);
    return { incident, items, summary };
  }, [props.incidentId]);
  const [downloadError, setDownloadError] = useState<Error | null>(null);
  const download = async (format: (typeof FORMATS)[number]) => {
    setDownloadError(null);
    const answer = await api.report(props.incidentId, format.format);
    if (answer.status >= 400) {
      setDownloadError(new Error(`The report could not be made (${answer.status}).`));
      return;
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([body], { type: format.type }));
    link.download = `${data.value?.incident.ref ?? 'incident'}-report.${format.format}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  if (!data.value)
    return (
      <div class="page">{data.error ? <ErrorNote error={data.error} /> : <p class="muted">Loading…</p>}</div>
    );
  const { incident, items, summary } = data.value;
  return (
    <div class="page report-page">
      <p>
        <a href={href({ page: 'incident', id: incident.id })}>← {incident.ref}</a>
      </p>
      <h1>Report: {incident.title}</h1>
      <div class="actions" role="group" aria-label="Download the report">
        {FORMATS.map((f) => (
          <button type="button" class="secondary" key={f.format} onClick={() => void download(f)}>
            Download {f.label}
          </button>
        ))}
      </div>
      <ErrorNote error={downloadError} />
      <section aria-labelledby="report-chart">
        <h2 id="report-chart">Time to acknowledge and to act</h2>
        <TimesChart times={platformTimes(items, incident.platforms)} />
      </section>
      <section aria-labelledby="report-table">
        <h2 id="report-table">Containment per platform</h2>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Items</th>
              <th scope="col">Acknowledge median / p90 (min)</th>
              <th scope="col">Act median / p90 (min)</th>
              <th scope="col">Overdue</th>
              <th scope="col">Within deadline</th>
            </tr>
          </thead>
          <tbody>
            {summary.platforms.map((p) => (
              <tr key={p.platformKey}>
                <th scope="row">{p.platformKey}</th>
                <td>{p.total}</td>
                <td>
                  {p.ackMinutes.median ?? '–'} / {p.ackMinutes.p90 ?? '–'}
                </td>
                <td>
                  {p.actMinutes.median ?? '–'} / {p.actMinutes.p90 ?? '–'}
                </td>
                <td>{p.overdue}</td>
                <td>
                  {p.withinDeadlineShare === null ? '–' : `${Math.round(p.withinDeadlineShare * 100)} %`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
