import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { AmqpMessageBus } from './drivers/amqp.message-bus.js';
import type { AmqpMessageBusOptions } from './drivers/amqp/amqp-options.js';
import { InMemoryMessageBus } from './drivers/in-memory.message-bus.js';
import { MESSAGE_BUS, type MessageBus } from './message-bus.port.js';
import { InvalidMessagingOptionsError } from './messaging.errors.js';

export type MessagingModuleOptions = { driver: 'amqp'; amqp: AmqpMessageBusOptions } | { driver: 'memory' };

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
  /** Register MESSAGE_BUS globally (default false). */
  isGlobal?: boolean;
}

/** Builds and starts the bus the options ask for. */
export async function createMessageBus(options: MessagingModuleOptions): Promise<MessageBus> {
  switch (options.driver) {
    case 'memory':
      return new InMemoryMessageBus();
    case 'amqp': {
      const bus = new AmqpMessageBus(options.amqp);
      await bus.start();
      return bus;
    }
    default: {
      const driver = (options as { driver?: unknown }).driver;
      throw new InvalidMessagingOptionsError(`Unknown messaging driver ${JSON.stringify(driver)}; use "amqp" or "memory".`);
    }
  }
}

/** Closes the bus when the application shuts down (after every onModuleDestroy, e.g. the relay's). */
@Injectable()
export class MessageBusShutdown implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/** Provides {@link MESSAGE_BUS}: `forRoot({ driver: 'amqp', amqp: { url } })` or `forRoot({ driver: 'memory' })`. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions & { isGlobal?: boolean }): DynamicModule {
    return {
      module: MessagingModule,
      global: options.isGlobal ?? false,
      providers: [{ provide: MESSAGE_BUS, useFactory: () => createMessageBus(options) }, MessageBusShutdown],
      exports: [MESSAGE_BUS],
    };
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [
        {
          provide: MESSAGE_BUS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => createMessageBus(await options.useFactory(...args)),
        },
        MessageBusShutdown,
      ],
      exports: [MESSAGE_BUS],
    };
  }
}
