import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { IdentityRepository } from '@hub/domain';
import { EventFeed } from '../realtime/event-feed.service';
import { IDENTITY_REPOSITORY } from '../tokens';

/**
 * Drops the tokens this instance has resolved whenever any instance commits an administrative change, and
 * after the feed reconnects (a change may have been missed meanwhile).
 */
@Injectable()
export class IdentityChangeListener implements OnModuleInit, OnModuleDestroy {
  private readonly stop: (() => void)[] = [];

  constructor(
    private readonly feed: EventFeed,
    @Inject(IDENTITY_REPOSITORY) private readonly identities: IdentityRepository,
  ) {}

  onModuleInit(): void {
    const forget = () => this.identities.forgetResolvedTokens();
    this.stop.push(this.feed.onIdentityChange(forget), this.feed.onReconnect(forget));
  }

  onModuleDestroy(): void {
    for (const stop of this.stop.splice(0)) stop();
  }
}
