import type { Actor, EventRecord } from '../model';
import type { Clock, IdentityRepository, IncidentQueries } from '../ports';
import {
  buildReport,
  renderCsv,
  renderHtml,
  renderMarkdown,
  type ExerciseReportPart,
  type IncidentReport,
} from '../reports';
import type { IncidentQueriesUseCase } from './incident-queries.use-cases';

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Supplies the exercise part of a report when the incident is an exercise run. */
export interface ExerciseReportSource {
  forIncident(incidentId: string): Promise<ExerciseReportPart | undefined>;
}

export class IncidentReportUseCase {
  constructor(
    private readonly incidents: IncidentQueriesUseCase,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    private readonly exercises?: ExerciseReportSource,
  ) {}

  async build(actor: Actor, incidentId: string): Promise<IncidentReport> {
    const incident = await this.incidents.get(actor, incidentId);
    const events: EventRecord[] = [];
    for (let after = 0; ;) {
      const page = await this.queries.events(incidentId, after, 5_000);
      events.push(...page);
      if (page.length < 5_000) break;
      after = page[page.length - 1].seq;
    }
    const [organisations, items, cells, exercise] = await Promise.all([
      this.identities.findOrganisations(incident.participants),
      this.queries.allItems(incidentId),
      this.queries.cells(incidentId),
      incident.mode === 'exercise' ? this.exercises?.forIncident(incidentId) : undefined,
    ]);
    return buildReport({ incident, organisations, items, cells, events, now: this.clock.now(), exercise });
  }

  async render(
    actor: Actor,
    incidentId: string,
    format: ReportFormat,
  ): Promise<{ contentType: string; body: string }> {
    const report = await this.build(actor, incidentId);
    const body =
      format === 'json'
        ? JSON.stringify(report)
        : format === 'md'
          ? renderMarkdown(report)
          : format === 'html'
            ? renderHtml(report)
            : renderCsv(report);
    return { contentType: CONTENT_TYPES[format], body };
  }
}
