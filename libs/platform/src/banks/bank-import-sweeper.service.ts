import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { IMPORT_INTERRUPTED, type BankRepository } from '@hub/domain';
import { BANK_REPOSITORY } from '../tokens';

/**
 * At start, the bank imports left running by a process that was killed (or whose host went down) are
 * marked failed, saying to run the file again: otherwise they would show `running` for ever.
 */
@Injectable()
export class BankImportSweeper implements OnApplicationBootstrap {
  private readonly log = new Logger('BankImports');

  constructor(@Inject(BANK_REPOSITORY) private readonly banks: BankRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    const interrupted = await this.banks.interruptGoneImports(IMPORT_INTERRUPTED);
    if (interrupted > 0) this.log.warn(`${interrupted} interrupted bank import(s) marked failed`);
  }
}
