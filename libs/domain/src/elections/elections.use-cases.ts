import { randomUUID } from 'node:crypto';
import type { CreateElectionDto, ElectionStatus, ExtendElectionDto } from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { IdentityRepository } from '../identity/identity.ports';
import { resolveCast } from '../incidents/incident-cast';
import { cursor } from '../incidents/incident-queries.use-cases';
import { assertElectionVisible, seesAllElections } from './election.access';
import { electionStatus, type ElectionRecord } from './election.model';
import type { ElectionStore } from './election.ports';
import { checkElectionWindow, checkExtension, parseInstant } from './election.rules';

/** A coordinator (or an admin) opens an election: its window, the organisations and platforms in it. */
export class CreateElectionUseCase {
  constructor(
    private readonly elections: ElectionStore,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, command: CreateElectionDto): Promise<ElectionRecord> {
    assertRole(actor, ['coordinator', 'admin'], 'creating an election');
    const activeFrom = parseInstant('activeFrom', command.activeFrom);
    const activeUntil = parseInstant('activeUntil', command.activeUntil);
    const votingDays = checkElectionWindow({ activeFrom, activeUntil, votingDays: command.votingDays });
    // As for incidents: a platform named brings its organisation, so its liaisons see the election.
    const cast = await resolveCast(this.identities, {
      organisationIds: command.participants,
      platformKeys: command.platforms,
    });
    const now = this.clock.now();
    const election: ElectionRecord = {
      id: randomUUID(),
      name: command.name.trim(),
      country: command.country ?? null,
      votingDays,
      activeFrom,
      activeUntil,
      languages: [...new Set(command.languages ?? [])],
      participants: cast.participants,
      platforms: cast.platforms,
      createdBy: actor.memberId,
      createdAt: now,
      updatedAt: now,
      extensions: [],
    };
    await this.elections.insert(election);
    return election;
  }
}

/** Reading elections: all of them for coordinators, observers and admins; else one's organisation's. */
export class ElectionQueriesUseCase {
  constructor(
    private readonly elections: ElectionStore,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<ElectionRecord> {
    const election = await this.elections.find(id);
    assertElectionVisible(actor, election);
    return election;
  }

  async list(
    actor: Actor,
    filter: { status?: ElectionStatus; after?: string; limit?: number },
  ): Promise<{ elections: ElectionRecord[]; next?: string }> {
    const limit = filter.limit ?? 100;
    const found = await this.elections.list({
      participant: seesAllElections(actor) ? undefined : actor.organisationId,
      status: filter.status,
      now: this.clock.now(),
      after: filter.after ? cursor.decode(filter.after) : undefined,
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return {
      elections: page,
      next: found.length > limit && last ? cursor.encode(last.createdAt, last.id) : undefined,
    };
  }
}

/**
 * A coordinator moves an election's end later, with a reason recorded in the election's extensions.
 * An ended election may be extended too: a window closed too early (a run-off, a recount, a late wave of
 * forgeries) reopens only through such a recorded decision.
 */
export class ExtendElectionUseCase {
  constructor(
    private readonly elections: ElectionStore,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string, command: ExtendElectionDto): Promise<ElectionRecord> {
    assertRole(actor, ['coordinator'], 'extending an election');
    const election = await this.elections.find(id);
    assertElectionVisible(actor, election);
    const until = parseInstant('until', command.until);
    const reason = checkExtension(election.activeUntil, until, command.reason);
    const recorded = await this.elections.extend({
      id: randomUUID(),
      electionId: election.id,
      previousUntil: election.activeUntil,
      until,
      reason,
      memberId: actor.memberId,
      organisationId: actor.organisationId,
      at: this.clock.now(),
    });
    if (!recorded) {
      throw new DomainError(
        ERROR_CODES.CONFLICT,
        'the election was extended meanwhile; read it and try again',
      );
    }
    const updated = await this.elections.find(id);
    if (!updated) throw new DomainError(ERROR_CODES.NOT_FOUND, 'election not found');
    return updated;
  }
}

/**
 * The election an incident is declared under: visible to the declarer (else 404 naming `electionId`) and
 * open now (else 409 naming it): a scheduled or ended election takes no incidents.
 */
export async function electionForIncident(
  elections: ElectionStore,
  actor: Actor,
  electionId: string,
  now: Date,
): Promise<ElectionRecord> {
  const election = await elections.find(electionId);
  assertElectionVisible(actor, election, 'electionId');
  const status = electionStatus(election, now);
  if (status !== 'active') {
    const message = `the election is ${status}: its window runs from ${election.activeFrom.toISOString()} to ${election.activeUntil.toISOString()}`;
    throw new DomainError(ERROR_CODES.CONFLICT, `electionId: ${message}`, [{ field: 'electionId', message }]);
  }
  return election;
}
