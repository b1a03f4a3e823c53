import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { InMemoryMessageBus } from './drivers/in-memory.message-bus.js';
import { MESSAGE_BUS, type MessageBus } from './message-bus.port.js';
import { MessageBusClosedError } from './messaging.errors.js';
import { createMessageBus, MessagingModule, type MessagingModuleOptions } from './messaging.module.js';

@Injectable()
class Notifier {
  constructor(@Inject(MESSAGE_BUS) readonly bus: MessageBus) {}
}

@Module({ providers: [{ provide: 'DRIVER', useValue: 'memory' }], exports: ['DRIVER'] })
class SettingsModule {}

describe('MessagingModule', () => {
  it('provides the in-memory bus and closes it when the application shuts down', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ driver: 'memory' })],
      providers: [Notifier],
    }).compile();
    const app = await moduleRef.init();
    const bus = app.get(Notifier).bus;
    expect(bus).toBeInstanceOf(InMemoryMessageBus);
    await bus.publish({ id: '1', routingKey: 'odcs.compose.state-changed', body: {} });
    await app.close();
    await expect(bus.publish({ id: '2', routingKey: 'odcs.compose.state-changed', body: {} })).rejects.toThrow(MessageBusClosedError);
  });

  it('builds its options from injected providers with forRootAsync, globally when asked', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          isGlobal: true,
          imports: [SettingsModule],
          inject: ['DRIVER'],
          useFactory: (driver: 'memory'): MessagingModuleOptions => ({ driver }),
        }),
      ],
      providers: [Notifier],
    }).compile();
    expect(moduleRef.get(MESSAGE_BUS)).toBeInstanceOf(InMemoryMessageBus);
    await moduleRef.close();
  });

  it('names the accepted drivers when given an unknown one', async () => {
    await expect(createMessageBus({ driver: 'kafka' } as unknown as MessagingModuleOptions)).rejects.toThrow(
      'Unknown messaging driver "kafka"; use "amqp" or "memory".',
    );
  });
});
