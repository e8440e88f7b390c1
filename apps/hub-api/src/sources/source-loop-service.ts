import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ClaimLoop } from '../common/claim-loop.js';
import type { HubConfig } from '../config.js';

/**
 * The lifecycle of a hub fetch loop: started at bootstrap unless the sources' scheduler switch is off (it covers
 * every background fetch the hub makes), drained at shutdown, poked when something becomes due.
 */
export abstract class SourceLoopService<T extends { id: string }> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected constructor(
    protected readonly config: HubConfig,
    private readonly loop: ClaimLoop<T>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sources?.scheduler === false) return;
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Something became due (a request, a new source): look now instead of at the next poll. */
  poke(): void {
    this.loop.poke();
  }
}
