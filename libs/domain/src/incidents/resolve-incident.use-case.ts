import { DomainError, ERROR_CODES, invalid } from '../core/errors';

/** A live incident's reference (`CH-2026-0001`) or an exercise's (`EX-2026-0002`), as people say them. */
export const INCIDENT_REF_PATTERN = /^(CH|EX)-\d{4}-\d{4,9}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isIncidentRef = (value: string): boolean => INCIDENT_REF_PATTERN.test(value);

/** Where references are looked up: the id of the incident a reference names, if any. */
export interface IncidentRefs {
  idOfRef(ref: string): Promise<string | null>;
}

/**
 * An incident named by its id or its reference, turned into its id. Visibility is not decided here: the
 * use case that receives the id answers 404 to whoever may not see it, so a reference that names no
 * incident answers the same 404 as one the caller may not see, and tells nothing more than an id would.
 */
export class ResolveIncidentUseCase {
  constructor(private readonly refs: IncidentRefs) {}

  async execute(idOrRef: string, field = 'id'): Promise<string> {
    if (UUID_PATTERN.test(idOrRef)) return idOrRef.toLowerCase();
    if (!isIncidentRef(idOrRef.toUpperCase()))
      throw invalid(field, 'must be an incident id (a UUID) or reference (CH-2026-0001)');
    const id = await this.refs.idOfRef(idOrRef.toUpperCase());
    if (!id) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
    return id;
  }
}
