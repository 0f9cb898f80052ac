import type { Language, ReportFormat } from '@hub/contracts';
import type { Actor } from '../core/actor';
import type { EventRecord } from '../events/event.model';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries } from '../incidents/incident.ports';
import { buildReport } from './report.builder';
import { renderCsv, renderHtml, renderMarkdown, type HtmlPresentation } from './report.render';
import { renderPublicHtml, renderPublicMarkdown } from './public.document';
import type { ExerciseReportPart, IncidentReport } from './report.model';
import type { IncidentQueriesUseCase } from '../incidents/incident-queries.use-cases';
import { mayMissItems } from '../access/access.policy';
import { seenBy } from '../incidents/item-visibility';

/**
 * Each format from the report. `language` words the documents for people (Markdown, HTML); data (JSON,
 * CSV) keeps its field names and values, and the public summary is English for now.
 */
const RENDERERS: Record<
  ReportFormat,
  (report: IncidentReport, presentation: HtmlPresentation, language: Language) => string
> = {
  json: (report) => JSON.stringify(report),
  md: (report, _presentation, language) => renderMarkdown(report, language),
  html: (report, presentation, language) => renderHtml(report, presentation, language),
  csv: (report) => renderCsv(report),
  public: (report) => renderPublicMarkdown(report),
  'public-html': renderPublicHtml,
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
    const [organisations, allItems, allCells, exercise, audiences] = await Promise.all([
      this.identities.findOrganisations(incident.participants),
      this.queries.allItems(incidentId),
      this.queries.cells(incidentId),
      incident.mode === 'exercise' ? this.exercises?.forIncident(incidentId) : undefined,
      mayMissItems(actor) ? this.queries.itemAudiences(incidentId) : new Map(),
    ]);
    // Every format is built from this one report: what the reader may not see is cut here, once.
    const seen = seenBy(actor, { items: allItems, cells: allCells, events }, audiences);
    return buildReport({
      incident,
      organisations,
      items: seen.items,
      cells: seen.cells,
      events: seen.events,
      now: this.clock.now(),
      exercise,
    });
  }

  /** `presentation` is how the transport dresses the HTML format (its stylesheet); the rest ignore it. */
  async render(
    actor: Actor,
    incidentId: string,
    format: ReportFormat,
    presentation: HtmlPresentation = {},
    language: Language = 'en',
  ): Promise<string> {
    return RENDERERS[format](await this.build(actor, incidentId), presentation, language);
  }
}
