import { href } from '../hash.router';
import { useSession } from '../session';
import { platformTimes } from '../state/deadlines';
import { useDownload } from '../ui/download';
import { ErrorNote, useLoad } from '../ui/forms';
import { EvidenceExports } from './evidence-exports.view';
import { TimesChart } from './times-chart.view';
import { ListHead } from '../ui/list-head';
import { language, num, tr } from '../language';

const FORMATS = [
  { format: 'html', label: 'HTML', type: 'text/html', ext: 'html' },
  { format: 'md', label: 'Markdown', type: 'text/markdown', ext: 'md' },
  { format: 'csv', label: 'CSV', type: 'text/csv', ext: 'csv' },
  { format: 'json', label: 'JSON', type: 'application/json', ext: 'json' },
] as const;

/** The summary the public may read, once the incident is over (the hub refuses it before). */
const PUBLIC_FORMATS = [
  { format: 'public', label: 'Markdown', type: 'text/markdown', ext: 'md' },
  { format: 'public-html', label: 'HTML', type: 'text/html', ext: 'html' },
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
  const { download, error: downloadError } = useDownload();
  const save = (f: (typeof FORMATS)[number] | (typeof PUBLIC_FORMATS)[number], name: string) =>
    // Markdown and HTML in the reader's language (JSON and CSV are data: the hub ignores it for them).
    download(tr('console.report.what'), () => api.report(props.incidentId, f.format, language()), {
      name: `${data.value?.incident.ref ?? 'incident'}-${name}.${f.ext}`,
      type: f.type,
    });
  if (!data.value)
    return (
      <div class="page">
        {data.error ? <ErrorNote error={data.error} /> : <p class="muted">{tr('console.loading')}</p>}
      </div>
    );
  const { incident, items, summary } = data.value;
  return (
    <div class="page report-page">
      <p>
        <a href={href({ page: 'incident', id: incident.id })}>← {incident.ref}</a>
      </p>
      <h1>{tr('console.report.title', { title: incident.title })}</h1>
      <div class="actions" role="group" aria-label={tr('console.report.download')}>
        {FORMATS.map((f) => (
          <button type="button" class="secondary" key={f.format} onClick={() => void save(f, 'report')}>
            {tr('console.report.downloadFormat', { format: f.label })}
          </button>
        ))}
      </div>
      {(incident.status === 'closed' || incident.status === 'reviewed') && (
        <div class="actions" role="group" aria-label={tr('console.report.downloadPublic')}>
          {PUBLIC_FORMATS.map((f) => (
            <button
              type="button"
              class="secondary"
              key={f.format}
              onClick={() => void save(f, 'public-summary')}
            >
              {tr('console.report.public', { format: f.label })}
            </button>
          ))}
        </div>
      )}
      <ErrorNote error={downloadError} />
      <EvidenceExports incident={incident} />
      <section aria-labelledby="report-chart">
        <h2 id="report-chart">{tr('console.room.chartTitle')}</h2>
        <TimesChart times={platformTimes(items, incident.platforms)} />
      </section>
      <section aria-labelledby="report-table">
        <h2 id="report-table">{tr('console.report.platforms')}</h2>
        <table class="list">
          <ListHead
            columns={[
              tr('console.field.platform'),
              tr('console.report.items'),
              tr('console.report.ackColumn'),
              tr('console.report.actColumn'),
              tr('console.incidents.column.overdue'),
              tr('console.report.withinDeadline'),
            ]}
          />
          <tbody>
            {summary.platforms.map((p) => (
              <tr key={p.platformKey}>
                <th scope="row">{p.platformKey}</th>
                <td>{num(p.total)}</td>
                <td>
                  {p.ackMinutes.median ?? '–'} / {p.ackMinutes.p90 ?? '–'}
                </td>
                <td>
                  {p.actMinutes.median ?? '–'} / {p.actMinutes.p90 ?? '–'}
                </td>
                <td>{num(p.overdue)}</td>
                <td>
                  {p.withinDeadlineShare === null
                    ? '–'
                    : tr('console.report.share', { share: p.withinDeadlineShare })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
