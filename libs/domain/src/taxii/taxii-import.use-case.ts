import { TAXII_LIMITS, type TaxiiStatus, type TaxiiStatusDetail } from '@hub/contracts';
import { randomUUID } from 'node:crypto';
import { readWhole } from '../banks/bank-import.formats';
import type { ImportSignalsUseCase } from '../banks/banks.use-cases';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import type { TaxiiRepository, TaxiiStatusRecord } from './taxii.model';
import { parseStixId } from './taxii.query';
import type { TaxiiUseCases } from './taxii.use-cases';

type Envelope = { objects: (Record<string, unknown> & { type: string; id: string })[] };

/** A TAXII envelope of STIX objects, or a 400 naming what is not STIX in it. */
export function parseEnvelope(text: string): Envelope {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('body', 'is not JSON: a TAXII envelope is a JSON object with an "objects" array');
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body) || !Array.isArray(body.objects)) {
    throw invalid('body', 'a TAXII envelope is a JSON object with an "objects" array of STIX objects');
  }
  if (body.objects.length === 0) throw invalid('body.objects', 'holds no object');
  body.objects.forEach((o, i) => {
    if (!isObject(o) || typeof o.type !== 'string' || typeof o.id !== 'string' || !parseStixId(o.id)) {
      throw invalid(`body.objects[${i}]`, 'is not a STIX object (an object with a type and a type--uuid id)');
    }
    if (!o.id.startsWith(`${o.type}--`)) throw invalid(`body.objects[${i}].id`, `does not name a ${o.type}`);
  });
  return body as Envelope;
}

/** Types the bank import reads a signal from; other objects are reported as not imported. */
const READ_TYPES = new Set(['indicator', 'url', 'file']);

/**
 * TAXII's write side, for banks: an envelope POSTed to a bank's collection goes through the bank import
 * (its STIX format, as `POST /banks/:id/import` would take the same objects as a bundle), and its outcome
 * is kept as a status resource that the poster's organisation reads back.
 */
export class TaxiiImportUseCase {
  constructor(
    private readonly taxii: TaxiiUseCases,
    private readonly importSignals: ImportSignalsUseCase,
    private readonly statuses: TaxiiRepository,
    private readonly clock: Clock,
  ) {}

  /** `body`: the request as it streams in, read whole up to the API root's `max_content_length`. */
  async execute(
    actor: Actor,
    collectionId: string,
    body: AsyncIterable<Buffer | string>,
  ): Promise<TaxiiStatus> {
    const ref = await this.taxii.resolve(actor, collectionId);
    if (ref.kind !== 'bank') {
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        'an incident’s collection is read only; banks take objects',
      );
    }
    const { objects } = parseEnvelope(await readWhole(body, TAXII_LIMITS.maxContentLength));
    const requested = this.clock.now();
    const failures: TaxiiStatusDetail[] = [];
    const detail = (index: number, message: string) => {
      const o = objects[index];
      if (failures.length < TAXII_LIMITS.reportedFailures)
        failures.push({
          id: o.id,
          version: String(o.modified ?? o.created ?? requested.toISOString()),
          message,
        });
    };
    let id: string = randomUUID();
    let success = 0;
    if (objects.some((o) => o.type === 'indicator')) {
      const bundle = { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
      const imported = await this.importSignals.execute(actor, ref.bank.id, {
        contentType: 'application/stix+json',
        body: once(JSON.stringify(bundle)),
      });
      id = imported.importId;
      success = imported.added + imported.duplicates;
      for (const r of imported.rejected) {
        const index = Number(/^objects\[(\d+)\]/.exec(r.at ?? '')?.[1] ?? -1);
        if (index >= 0) detail(index, r.message);
      }
    }
    objects.forEach((o, i) => {
      if (!READ_TYPES.has(o.type)) detail(i, `a bank holds indicators; a ${o.type} is not imported`);
    });
    const status: TaxiiStatusRecord = {
      id,
      status: 'complete',
      request_timestamp: requested.toISOString(),
      total_count: objects.length,
      success_count: success,
      failure_count: objects.length - success,
      pending_count: 0,
      ...(failures.length && { failures }),
      collectionId,
      memberId: actor.memberId,
      organisationId: actor.organisationId,
    };
    await this.statuses.insertStatus(status);
    return publicStatus(status);
  }

  /** A status resource, for the organisation that posted; anyone else is told there is none. */
  async status(actor: Actor, statusId: string): Promise<TaxiiStatus> {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const status = UUID.test(statusId) ? await this.statuses.findStatus(statusId) : null;
    if (!status || status.organisationId !== actor.organisationId) {
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'status not found');
    }
    return publicStatus(status);
  }
}

/** The envelope, already read and checked, as the one chunk of a body the import streams. */
async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

function publicStatus(record: TaxiiStatusRecord): TaxiiStatus {
  const { collectionId: _c, memberId: _m, organisationId: _o, ...status } = record;
  return status;
}
