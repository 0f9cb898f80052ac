import { DomainError, ERROR_CODES } from '../core/errors';
import type { DocumentSection, ReportDocument, Table } from './document.model';
import { serialiseHtml, type HtmlPresentation } from './html.serializer';
import { serialiseMarkdown } from './markdown.serializer';
import type { IncidentReport } from './report.model';

/**
 * The transparency summary of a closed incident: aggregates only, for a coordinator to publish. It is built
 * from named numbers and closed vocabularies of the after-action report, never from its free texts (titles,
 * summaries), targets (URLs, hashes, handles), legal references or organisation names.
 */
export function publicDocument(report: IncidentReport): ReportDocument {
  const { incident } = report;
  if (incident.status !== 'closed' && incident.status !== 'reviewed') {
    throw new DomainError(
      ERROR_CODES.CONFLICT,
      'the transparency summary is published once the incident is closed',
    );
  }
  return {
    title: `Transparency summary: ${incident.ref}`,
    subtitle: `${humanise(incident.category)}, ${incident.mode === 'exercise' ? 'exercise' : 'live incident'}`,
    generated: `Generated ${time(report.generatedAt)}`,
    notice:
      'Aggregate figures only: no URLs, hashes, account handles, names, contacts or free texts of the participants.',
    sections: [overview(report), shared(report), platforms(report), deadlines(report)],
  };
}

export function renderPublicMarkdown(report: IncidentReport): string {
  return serialiseMarkdown(publicDocument(report));
}

export function renderPublicHtml(report: IncidentReport, presentation?: HtmlPresentation): string {
  return serialiseHtml(publicDocument(report), presentation);
}

const humanise = (s: string): string => s.replace(/_/g, ' ');
const time = (s: string | null | undefined): string => (s ? `${s.slice(0, 10)} ${s.slice(11, 16)} UTC` : '—');
const minutes = (n: number | null): string => (n === null ? '—' : `${n} min`);
const share = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 1000) / 10} %`);
const table = (head: string[], rows: string[][], title?: string): Table => ({
  kind: 'table',
  head,
  rows,
  ...(title ? { title } : {}),
});

function overview({ incident, participants }: IncidentReport): DocumentSection {
  const byKind = (kind: string) => String(participants.filter((p) => p.kind === kind).length);
  const countries = [...new Set(participants.map((p) => p.country).filter((c): c is string => !!c))].sort();
  return {
    title: 'The incident',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Reference', incident.ref],
          ['Category', humanise(incident.category)],
          ['Protocol', incident.protocol],
          ['Level', incident.level],
          ['Criteria met', incident.criteria.map(humanise).join(', ') || '—'],
          ['Opened', time(incident.createdAt)],
          ['Closed', time(incident.closedAt)],
          ['Coordinators', byKind('coordinator')],
          ['Authorities', byKind('authority')],
          ['Member states of the authorities', countries.join(', ') || '—'],
          ['Platforms', byKind('platform')],
          ['Observers', byKind('observer')],
        ],
      },
    ],
  };
}

function shared({ items }: IncidentReport): DocumentSection {
  const counts = (title: string, by: Record<string, number>) =>
    table(
      [title, 'Count'],
      Object.entries(by).map(([k, n]) => [humanise(k), String(n)]),
    );
  return {
    title: 'What was shared',
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['Items', String(items.total)],
          ['Removal orders', String(items.removalOrders.length)],
          ['Variants found by matching', String(items.variants)],
          ['Known to hash banks', String(items.knownToBanks)],
          ['Reported by several participants', String(items.reportedBySeveral)],
        ],
      },
      counts('Kind', items.byKind),
      counts('Channel', items.byChannel),
      counts('Content type', items.byContentType),
    ],
  };
}

const OUTCOMES = [
  'removed',
  'restricted',
  'labelled',
  'demoted',
  'not_found',
  'no_action',
  'cannot_comply',
] as const;

function platforms({ containment }: IncidentReport): DocumentSection {
  return {
    title: 'Outcomes per platform',
    blocks: [
      table(
        ['Platform', 'Items', ...OUTCOMES.map(humanise), 'still open'],
        containment.platforms.map((p) => {
          const decided = OUTCOMES.reduce((n, o) => n + p.counts[o], 0);
          return [
            p.platformKey,
            String(p.cells),
            ...OUTCOMES.map((o) => String(p.counts[o])),
            String(p.cells - decided),
          ];
        }),
      ),
    ],
  };
}

function deadlines({ containment }: IncidentReport): DocumentSection {
  return {
    title: 'Times against the deadlines',
    blocks: [
      {
        kind: 'paragraph',
        text:
          containment.ackDeadlineMinutes === null
            ? 'The incident’s level set no acknowledgement deadline.'
            : `Acknowledgement deadline at the incident’s level: ${containment.ackDeadlineMinutes} min. A removal order must be acted on within 60 min.`,
      },
      table(
        [
          'Platform',
          'Median to acknowledge',
          '90th percentile to acknowledge',
          'Median to act',
          '90th percentile to act',
          'Within deadline',
          'Overdue',
        ],
        containment.platforms.map((p) => [
          p.platformKey,
          minutes(p.ackMedianMinutes),
          minutes(p.ackP90Minutes),
          minutes(p.actMedianMinutes),
          minutes(p.actP90Minutes),
          share(p.withinDeadlineShare),
          String(p.overdue),
        ]),
      ),
    ],
  };
}
