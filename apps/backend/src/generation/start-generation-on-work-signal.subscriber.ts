import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MESSAGE_BUS, type MessageBus, parseInternalWork, type Subscription } from '@odcs/messaging';
import { GenerationScheduler } from './generation.scheduler.js';

/**
 * Starts work as soon as the frontend's "compose created" signal arrives from the shared work
 * queue. The database claim stays the truth: a duplicate or stale signal claims nothing.
 */
@Injectable()
export class StartGenerationOnWorkSignal implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('WorkSignals');
  private subscription: Subscription | null = null;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly scheduler: GenerationScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribeWork(async (message) => {
      const signal = parseInternalWork(message);
      if (!signal) {
        this.log.warn(`ignoring unknown work message ${message.id} (${message.routingKey})`);
        return;
      }
      // Claim this compose if there is room now; otherwise the pick-up interval takes it when a slot frees.
      await this.scheduler.fill([signal.composeId]);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
