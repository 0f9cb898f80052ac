import type { BulkShareResultEntry, Channel, ShareItemDto } from '@hub/contracts';
import { invalid } from '../core/errors';
import { mayMissItems } from '../access/access.policy';
import { seenBy } from '../incidents/item-visibility';
import type { Actor } from '../core/actor';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries } from '../incidents/incident.ports';
import type { IncidentQueriesUseCase } from '../incidents/incident-queries.use-cases';
import type { ShareItemsUseCase } from '../incidents/share-items.use-case';
import {
  MAX_REPORTED_UNREADABLE,
  type ExportFormat,
  type ExportSource,
  type ParsedImport,
} from './export.model';
import { toMispEvent } from './misp.export';
import { parseMispEvent } from './misp.import';
import { STIX_MEDIA_TYPE, toStixBundle } from './stix.export';
import { parseStixBundle } from './stix.import';
import { toTeLines } from './te.export';
import { parseTeLines } from './te.import';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  stix: STIX_MEDIA_TYPE,
  misp: 'application/json; charset=utf-8',
  te: 'text/plain; charset=utf-8',
};

/** An incident's items as a STIX bundle, a MISP event or ThreatExchange lines, for its participants. */
export class ExportIncidentUseCase {
  constructor(
    private readonly incidents: IncidentQueriesUseCase,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
  ) {}

  async source(actor: Actor, incidentId: string): Promise<ExportSource> {
    // Visibility as for every incident query: a participant, a coordinator, or refused as not found.
    const incident = await this.incidents.get(actor, incidentId);
    const [organisations, items, audiences] = await Promise.all([
      this.identities.findOrganisations(incident.participants),
      this.queries.allItems(incidentId),
      mayMissItems(actor) ? this.queries.itemAudiences(incidentId) : new Map(),
    ]);
    // Flags the reader may not see stay out of every format (and other flaggers out of the reporters).
    const seen = seenBy(actor, { items, cells: [], events: [] }, audiences);
    return { incident, organisations, items: seen.items };
  }

  async render(actor: Actor, incidentId: string, format: ExportFormat): Promise<string> {
    const source = await this.source(actor, incidentId);
    switch (format) {
      case 'stix':
        return JSON.stringify(toStixBundle(source));
      case 'misp':
        return JSON.stringify(toMispEvent(source));
      case 'te':
        return toTeLines(source);
    }
  }
}

/** How the body of an import is to be read, from its content type and, for plain JSON, its shape. */
export function importFormat(contentType: string | undefined, body: unknown): ExportFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/stix+json') return 'stix';
  if (type === 'text/plain') return 'te';
  if (type === 'application/json') {
    const shape = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if ('Event' in shape) return 'misp';
    if (shape.type === 'bundle') return 'stix';
    throw invalid(
      'body',
      'an application/json import is a MISP event ({ "Event": ... }) or a STIX bundle ("type": "bundle")',
    );
  }
  throw invalid(
    'content-type',
    'must be application/stix+json (a STIX bundle), application/json (a MISP event or STIX bundle) or text/plain (ThreatExchange lines)',
  );
}

const PARSERS: Record<ExportFormat, (body: unknown) => ParsedImport> = {
  stix: parseStixBundle,
  misp: parseMispEvent,
  te: parseTeLines,
};

export interface ImportAnswer {
  format: ExportFormat;
  /** The bulk answer, one entry per share read from the file, in file order, each saying where it was. */
  results: (BulkShareResultEntry & { at: string })[];
  skipped: number;
  unreadable: { at: string; reason: string }[];
  unreadableCount: number;
}

/**
 * Brings a file an authority's own platform holds into an incident, through the bulk share path: the
 * whole file is read first (a file that is not what it says is refused before anything is written),
 * then shared in chunks of the bulk limit, so a MISP event of ten thousand attributes goes through.
 */
export class ImportItemsUseCase {
  constructor(
    private readonly share: ShareItemsUseCase,
    private readonly incidents: IncidentQueriesUseCase,
    /** The edge's validation of one share (class-validator, with the contract's limits). */
    private readonly validate: (raw: unknown) => Promise<ShareItemDto>,
  ) {}

  async execute(
    actor: Actor,
    incidentId: string,
    input: { contentType: string | undefined; body: unknown; channel?: Channel },
  ): Promise<ImportAnswer> {
    await this.incidents.get(actor, incidentId);
    const format = importFormat(input.contentType, input.body);
    const parsed = PARSERS[format](input.body);
    const channel = input.channel ?? 'alert';
    const results = await this.share.each(
      actor,
      incidentId,
      parsed.shares.map((share) => ({ ...share, channel })),
      this.validate,
    );
    return {
      format,
      results: results.map((entry, index) => ({ ...entry, at: parsed.sources[index] })),
      skipped: parsed.skipped,
      unreadable: parsed.unreadable.slice(0, MAX_REPORTED_UNREADABLE),
      unreadableCount: parsed.unreadable.length,
    };
  }
}
