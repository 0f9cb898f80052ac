import {
  BANK_DEFAULT_DISTANCE,
  BANK_HITS_PAGE,
  BANK_LIMITS,
  type AddSignalsAnswer,
  type BankHitView,
  type BankAlgorithm,
  type BankImportAnswer,
  type BankImportRejection,
  type BankSignalView,
  type BankView,
  type BankVisibility,
  type Page,
} from '@hub/contracts';
import { randomUUID } from 'node:crypto';
import { assertRole, visibilityOf } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import { UrlRules } from '../items/url.rules';
import type { Actor } from '../core/actor';
import type { IdentityRepository } from '../identity/identity.ports';
import { BANK_MANAGERS } from './bank.access';
import { BankVisibilityUseCase } from './bank-visibility.use-case';
import {
  bankImportFormat,
  CsvSignalReader,
  mispSignals,
  readLineChunks,
  readTeLine,
  readWhole,
  stixSignals,
  type BankImportFormat,
  type LineReading,
  type PlacedSignal,
  unreadableText,
} from './bank-import.formats';
import type { BankActor, BankImportRecord, BankRecord, BankRepository, NewSignal } from './bank.model';
import { bankHitView, bankSignalView, bankView } from './bank.views';
import { parseSignal } from './signal.parse';

/** Signals written per transaction by an import: large enough for throughput, small enough to show progress. */
export const IMPORT_BATCH = 5_000;
const WRITES_IN_FLIGHT = 2;
/** Why an import whose process stopped mid-way is failed, and what to do about it. */
export const IMPORT_INTERRUPTED =
  'the import was interrupted: the process running it stopped before it finished. Import the same file ' +
  'again: the signals already added count as duplicates and only the missing ones are added';

const by = (actor: Actor): BankActor => ({ memberId: actor.memberId, organisationId: actor.organisationId });

export interface CreateBankCommand {
  name: string;
  description?: string;
  visibility: BankVisibility;
  organisationId?: string;
  negative?: boolean;
  maxDistance?: number;
}

export class BanksUseCases {
  constructor(
    private readonly banks: BankRepository,
    private readonly visibility: BankVisibilityUseCase,
    private readonly identities: IdentityRepository,
    private readonly urlRules: UrlRules = UrlRules.basic(),
  ) {}

  async create(actor: Actor, command: CreateBankCommand): Promise<BankView> {
    assertRole(actor, BANK_MANAGERS, 'creating a bank');
    const organisationId = command.organisationId ?? actor.organisationId;
    if (command.organisationId && command.organisationId !== actor.organisationId) {
      if (actor.role !== 'admin')
        throw invalid('organisationId', 'only an admin creates a bank for another organisation');
      if (!(await this.identities.findOrganisation(organisationId)))
        throw invalid('organisationId', 'no such organisation');
    }
    const bank: BankRecord = {
      id: randomUUID(),
      name: command.name.trim(),
      description: command.description?.trim() || null,
      visibility: command.visibility,
      organisationId,
      createdBy: actor.memberId,
      createdAt: new Date(),
      signalCount: 0,
      negative: command.negative ?? false,
      maxDistance: command.maxDistance ?? BANK_DEFAULT_DISTANCE,
    };
    if (!bank.name) throw invalid('name', 'must not be blank');
    await this.banks.insertBank(bank, by(actor));
    return bankView(bank);
  }

  async list(actor: Actor): Promise<Page<BankView>> {
    const banks = await this.visibility.visibleBanks(actor);
    const agreement = await this.banks.agreement(banks.map((b) => b.id));
    return { items: banks.map((b) => bankView(b, null, agreement.get(b.id))) };
  }

  async get(actor: Actor, bankId: string): Promise<BankView> {
    const bank = await this.visibility.visibleBank(actor, bankId);
    let latest = await this.banks.latestImport(bank.id);
    if (latest?.state === 'running' && (await this.banks.interruptGoneImports(IMPORT_INTERRUPTED, bank.id))) {
      latest = await this.banks.latestImport(bank.id);
    }
    const agreement = await this.banks.agreement([bank.id]);
    return bankView(bank, latest, agreement.get(bank.id));
  }

  async signals(
    actor: Actor,
    bankId: string,
    page: { after?: string; limit?: number; state?: 'active' | 'quarantined' },
  ): Promise<Page<BankSignalView>> {
    const bank = await this.visibility.visibleBank(actor, bankId);
    const afterSeq = page.after === undefined ? undefined : Number(page.after);
    if (afterSeq !== undefined && (!Number.isSafeInteger(afterSeq) || afterSeq < 0)) {
      throw invalid('after', 'is the `next` cursor of a previous page');
    }
    const limit = page.limit ?? 100;
    const rows = await this.banks.listSignals(bank.id, { afterSeq, limit: limit + 1, state: page.state });
    const items = rows.slice(0, limit);
    return {
      items: items.map(bankSignalView),
      ...(rows.length > limit && { next: String(items[items.length - 1].seq) }),
    };
  }

  /**
   * The bank's latest hits, newest first, in the incidents the caller sees: its own organisation's for
   * authorities and liaisons, every one for coordinators and observers, none for admins (who see no
   * incident). A hit elsewhere is left out altogether, not counted: even a count would tell of an
   * incident the caller is not part of.
   */
  async hits(
    actor: Actor,
    bankId: string,
    page: { after?: string; limit?: number },
  ): Promise<Page<BankHitView>> {
    const bank = await this.visibility.visibleBank(actor, bankId);
    const beforeEventId = page.after === undefined ? undefined : Number(page.after);
    if (beforeEventId !== undefined && (!Number.isSafeInteger(beforeEventId) || beforeEventId < 1)) {
      throw invalid('after', 'is the `next` cursor of a previous page');
    }
    const incidents = visibilityOf(actor.role);
    if (incidents === 'none') return { items: [] };
    const limit = page.limit ?? BANK_HITS_PAGE;
    const rows = await this.banks.latestHits(bank.id, {
      beforeEventId,
      limit: limit + 1,
      ...(incidents === 'participating' && { participant: actor.organisationId }),
    });
    const items = rows.slice(0, limit);
    return {
      items: items.map(bankHitView),
      ...(rows.length > limit && { next: String(items[items.length - 1].eventId) }),
    };
  }

  async addSignals(
    actor: Actor,
    bankId: string,
    signals: Record<string, unknown>[],
  ): Promise<AddSignalsAnswer> {
    const bank = await this.visibility.contributableBank(actor, bankId);
    if (signals.length > BANK_LIMITS.signalsPerRequest) {
      throw invalid(
        'signals',
        `at most ${BANK_LIMITS.signalsPerRequest} signals a request; import a file for more`,
      );
    }
    const valid: NewSignal[] = [];
    const rejected: AddSignalsAnswer['rejected'] = [];
    signals.forEach((input, index) => {
      try {
        valid.push(parseSignal(input, this.urlRules));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        rejected.push({ index, message: error.message });
      }
    });
    const added = valid.length
      ? await this.banks.addSignals(bank.id, valid, by(actor), {
          type: 'bank.signals_added',
          data: { rejected: rejected.length },
        })
      : 0;
    return { added, duplicates: valid.length - added, rejected };
  }

  async removeSignal(actor: Actor, bankId: string, signalId: string): Promise<BankSignalView> {
    const bank = await this.visibility.contributableBank(actor, bankId);
    const removed = await this.banks.removeSignal(bank.id, signalId, by(actor));
    if (!removed) throw new DomainError(ERROR_CODES.NOT_FOUND, 'signal not found in this bank');
    return bankSignalView(removed);
  }
}

export interface ImportCommand {
  contentType: string | undefined;
  /** The body as it streams in; read once, a chunk at a time. */
  body: AsyncIterable<Buffer | string>;
  /** What a bare hash on a ThreatExchange line or in an algorithm-less CSV is. */
  algorithm?: BankAlgorithm;
}

/** One signal read from the file, with where it was read. */
interface Reading {
  line?: number;
  at?: string;
  signal?: NewSignal;
  error?: string;
}

/**
 * `POST /banks/:id/import`: a ThreatExchange file, a hash-list CSV, a STIX bundle or a MISP event into a
 * bank. Lines stream through in batches, each written with its event in one transaction; a bad line is
 * rejected by number and the rest goes in; a signal the bank holds already counts as a duplicate. The
 * import's state (lines read, counts, the first rejected lines) is kept for `GET /banks/:id`.
 */
export class ImportSignalsUseCase {
  constructor(
    private readonly banks: BankRepository,
    private readonly visibility: BankVisibilityUseCase,
    private readonly urlRules: UrlRules = UrlRules.basic(),
  ) {}

  async execute(actor: Actor, bankId: string, command: ImportCommand): Promise<BankImportAnswer> {
    const bank = await this.visibility.contributableBank(actor, bankId);
    const detected = bankImportFormat(command.contentType);
    // An earlier import of this bank whose process was killed is closed before this one opens.
    await this.banks.interruptGoneImports(IMPORT_INTERRUPTED, bank.id);
    const record: BankImportRecord = {
      id: randomUUID(),
      bankId: bank.id,
      format: detected,
      state: 'running',
      linesRead: 0,
      added: 0,
      duplicates: 0,
      rejectedCount: 0,
      rejected: [],
      error: null,
      startedBy: actor.memberId,
      startedAt: new Date(),
      finishedAt: null,
    };
    await this.banks.startImport(record, by(actor));
    try {
      await this.run(record, detected, command, by(actor));
      await this.banks.finishImport({ ...record, state: 'completed' }, by(actor));
    } catch (error) {
      const message =
        error instanceof DomainError ? error.message : 'the import stopped on an internal error';
      await this.banks.finishImport({ ...record, state: 'failed', error: message }, by(actor));
      throw error;
    }
    const { id: importId, linesRead, added, duplicates, rejectedCount, rejected } = record;
    return { importId, linesRead, added, duplicates, rejectedCount, rejected };
  }

  private async run(
    record: BankImportRecord,
    detected: BankImportFormat | 'json',
    command: ImportCommand,
    who: BankActor,
  ): Promise<void> {
    // Two batches in flight: one is written while the next is read and checked, or written beside it
    // on another connection (PostgreSQL does the indexing on a core of its own).
    let batch: Reading[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    const flush = async () => {
      if (batch.length === 0) return;
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure.error;
      const writing: Promise<void> = this.write(record, batch, who)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(writing));
      inFlight.add(writing);
      batch = [];
    };
    let any = false;
    try {
      for await (const readings of this.readings(detected, command, record)) {
        for (const reading of readings) {
          any = true;
          batch.push(reading);
          if (batch.length >= IMPORT_BATCH) await flush();
        }
      }
      await flush();
    } finally {
      // Settled before the import is marked finished or failed, whatever stopped the reading.
      await Promise.all(inFlight);
    }
    if (failure) throw failure.error;
    if (!any && record.linesRead === 0) throw invalid('body', 'the file is empty');
    if (record.added + record.duplicates === 0 && record.rejectedCount > 0) {
      // Nothing read as a signal: not a signal file (JSON sent as text, a wrong ?algorithm=, prose).
      throw invalid(
        'body',
        `no ${record.rejected[0].line === undefined ? 'entry' : 'line'} reads as a signal; ` +
          `${record.rejected[0].line === undefined ? record.rejected[0].at : `line ${record.rejected[0].line}`}: ` +
          record.rejected[0].message,
      );
    }
  }

  /**
   * The file as readings, whatever its format: TE and CSV line by line (those of a chunk of the body at a
   * time), JSON documents whole.
   */
  private async *readings(
    detected: BankImportFormat | 'json',
    command: ImportCommand,
    record: BankImportRecord,
  ): AsyncGenerator<Reading[]> {
    if (detected === 'te' || detected === 'csv') {
      let csv: CsvSignalReader | undefined;
      for await (const lines of readLineChunks(command.body)) {
        const readings: Reading[] = [];
        for (const line of lines) {
          record.linesRead = line.number;
          if (line.truncated) {
            readings.push({
              line: line.number,
              error: `line: longer than ${BANK_LIMITS.lineChars} characters`,
            });
            continue;
          }
          const unreadable = unreadableText(line.text);
          if (unreadable) {
            readings.push({ line: line.number, error: unreadable });
            continue;
          }
          if (detected === 'csv' && !csv) {
            if (!line.text.trim()) continue;
            csv = new CsvSignalReader(line.text, command.algorithm);
            continue;
          }
          readings.push(
            readingOf(
              line.number,
              () => (csv ? csv.read(line.text) : readTeLine(line.text, command.algorithm)),
              this.urlRules,
            ),
          );
        }
        yield readings;
      }
      if (detected === 'csv' && !csv) throw invalid('body', 'the file is empty');
      return;
    }
    const text = await readWhole(command.body, BANK_LIMITS.jsonImportBytes);
    if (!text.trim()) throw invalid('body', 'the file is empty');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw invalid('body', 'is not a JSON document');
    }
    const format =
      detected === 'json' && (document as { type?: unknown })?.type === 'bundle' ? 'stix' : detected;
    record.format = format === 'json' ? 'misp' : format;
    const placed: PlacedSignal[] = record.format === 'stix' ? stixSignals(document) : mispSignals(document);
    record.linesRead = placed.length;
    yield placed.map((p): Reading =>
      p.reason
        ? { at: p.at, error: p.reason }
        : { at: p.at, ...parsed(() => parseSignal(p.signal!, this.urlRules)) },
    );
  }

  private async write(record: BankImportRecord, batch: Reading[], who: BankActor): Promise<void> {
    const signals: NewSignal[] = [];
    for (const r of batch) {
      if (r.signal) signals.push(r.signal);
      else if (r.error) {
        record.rejectedCount++;
        if (record.rejected.length < BANK_LIMITS.reportedRejections) {
          const rejection: BankImportRejection = { message: r.error };
          if (r.line !== undefined) rejection.line = r.line;
          if (r.at !== undefined) rejection.at = r.at;
          record.rejected.push(rejection);
        }
      }
    }
    const from = batch[0];
    const added = signals.length
      ? await this.banks.addSignals(
          record.bankId,
          signals,
          who,
          {
            type: 'bank.signals_added',
            data: {
              importId: record.id,
              from: from.line ?? from.at,
              to: batch[batch.length - 1].line ?? batch[batch.length - 1].at,
            },
          },
          record.id,
        )
      : 0;
    record.added += added;
    record.duplicates += signals.length - added;
    await this.banks.progressImport(record.id, record);
  }
}

function parsed(read: () => NewSignal): { signal?: NewSignal; error?: string } {
  try {
    return { signal: read() };
  } catch (error) {
    if (error instanceof DomainError) return { error: error.message };
    throw error;
  }
}

/** A line as a reading: a signal, a rejection, or nothing (a blank line, a comment). */
function readingOf(line: number, read: () => LineReading, rules: UrlRules): Reading {
  try {
    const reading = read();
    if ('skip' in reading) return { line };
    return { line, signal: parseSignal(reading.signal, rules) };
  } catch (error) {
    if (error instanceof DomainError) return { line, error: error.message };
    throw error;
  }
}
