import { Inject, Injectable } from '@nestjs/common';
import { HUB_RUNTIME, type HubRuntime } from '@hub/platform';
import { PgRelayRepository, type RelayCursor } from '@hub/persistence';

/** The pg advisory lock that lets one relay at a time follow the log, across all workers. */
const LOCK_KEY = 72_011_401;

/** A won election: the session holding the lock, and the cursor it starts from. */
export interface Leadership {
  session: PgRelayRepository;
  cursor: RelayCursor;
}

/**
 * Leader election: only the holder of an advisory lock relays. The lock belongs to the holder's database
 * session, so when the holder dies its session ends, the lock frees, and another worker's next attempt
 * (each tries every second or so) takes over.
 */
@Injectable()
export class RelayElection {
  constructor(@Inject(HUB_RUNTIME) private readonly runtime: HubRuntime) {}

  /** Leadership when the lock was free, null when another worker holds it. */
  async tryLead(): Promise<Leadership | null> {
    const session = await PgRelayRepository.connect(this.runtime.databaseUrl);
    if (!(await session.tryAdvisoryLock(LOCK_KEY))) {
      await session.close();
      return null;
    }
    try {
      await session.commitWithoutFlush();
      // Only the lock's holder writes the cursor: read it once, then the pump keeps it.
      return { session, cursor: await session.loadCursor() };
    } catch (error) {
      await session.close(); // frees the lock for the next attempt
      throw error;
    }
  }
}
