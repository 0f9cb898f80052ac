import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PlannedJob } from '@hub/domain';
import { EventFeed } from '@hub/platform';
import { RELAY_BATCH, type PgRelayRepository } from '@hub/persistence';
import { DeadlineScheduler } from './deadline-scheduler';
import { JobEnqueuer } from './job-enqueuer';
import { RelayElection } from './relay-election';
import { RelayPump } from './relay-pump';
import { RelayReconciler } from './relay-reconciler';

/**
 * After a commit notice, how long the relay lets further commits gather before reading: under a burst of
 * shares one read and one enqueue serve several of them instead of one each.
 */
const GATHER_MS = 10;
/**
 * Under a steady flow of commits, reads at most this often: each read costs the database and this process
 * about what a share costs them, and a job enqueued up to this much later is still early for any deadline.
 */
const MIN_READ_INTERVAL_MS = 50;
/** Without a commit notice, how long the relay waits before it looks again (and between elections). */
const IDLE_MS = 1_000;

/** What a worker holds while it leads: the lock's session, and the relay's parts working on it. */
interface Term {
  session: PgRelayRepository;
  pump: RelayPump;
  reconciler: RelayReconciler;
  scheduler: DeadlineScheduler;
}

/**
 * Follows the event log in commit order and turns its events into jobs. One worker at a time leads (the
 * election); the leader pumps the log past its cursor, and every period reconciles what a lost queue may
 * have dropped and schedules the deadline checks that came within the horizon. A failure ends the term:
 * the session closes, its lock frees, and the next election (here or in another worker) starts afresh
 * from the stored cursor.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('relay');
  private term?: Term;
  private closing = false;
  /** A commit was announced since the last read began: the loop reads again without idling. */
  private noticed = false;
  private wake?: () => void;
  private offNotice?: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly election: RelayElection,
    private readonly feed: EventFeed,
    private readonly enqueuer: JobEnqueuer,
  ) {}

  onApplicationBootstrap(): void {
    this.offNotice = this.feed.onNotice(() => {
      this.noticed = true;
      this.wake?.();
    });
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.offNotice?.();
    this.wake?.();
    await this.running;
    await this.term?.pump.flush().catch(() => {});
    await this.term?.session.close();
  }

  get isLeader(): boolean {
    return this.term !== undefined;
  }

  /** One reconciliation pass now (tests and operators; the loop runs one every period). */
  reconcile(): Promise<PlannedJob[]> {
    return this.leading().reconciler.reconcile();
  }

  /** One deadline scheduling pass now; `from` null schedules every due check within the horizon. */
  scheduleDeadlines(from?: Date | null): Promise<PlannedJob[]> {
    return this.leading().scheduler.schedule(from);
  }

  private async loop(): Promise<void> {
    while (!this.closing) {
      try {
        const term = this.term ?? (await this.elect());
        if (!term) {
          await this.idle(IDLE_MS);
          continue;
        }
        if (term.reconciler.due) {
          await term.reconciler.reconcile();
          await term.scheduler.schedule();
        }
        this.noticed = false;
        const relayed = await term.pump.pump();
        if (relayed < RELAY_BATCH) await this.awaitCommits(term.pump.lastRead);
      } catch (error) {
        this.logger.warn(`relay paused: ${(error as Error).message}`);
        await this.term?.session.close();
        this.term = undefined;
        await this.idle(IDLE_MS);
      }
    }
  }

  private async elect(): Promise<Term | undefined> {
    const won = await this.election.tryLead();
    if (!won) return undefined;
    this.term = {
      session: won.session,
      pump: new RelayPump(won.session, won.cursor, this.enqueuer),
      reconciler: new RelayReconciler(won.session, this.enqueuer),
      scheduler: new DeadlineScheduler(won.session, this.enqueuer),
    };
    this.logger.log('relaying the event log');
    return this.term;
  }

  /**
   * The log is read up to its end: wait for a commit notice (or the idle period), then let further
   * commits gather, reading at most every `MIN_READ_INTERVAL_MS` under a steady flow.
   */
  private async awaitCommits(lastRead: number): Promise<void> {
    if (!this.noticed) await this.idle(IDLE_MS);
    if (this.noticed) {
      const gather = Math.max(GATHER_MS, lastRead + MIN_READ_INTERVAL_MS - Date.now());
      await new Promise((resolve) => setTimeout(resolve, gather));
    }
  }

  private leading(): Term {
    if (!this.term) throw new Error('this worker does not lead the relay');
    return this.term;
  }

  /** Sleeps, unless a commit notice or shutdown wakes it first. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
