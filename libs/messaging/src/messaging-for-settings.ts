import type { DynamicModule } from '@nestjs/common';
import { MessagingModule } from './messaging.module.js';

/** The messaging options of odcs's configuration (structurally; this lib does not import @odcs/config). */
export interface MessagingSettings {
  amqp_url: string;
  messaging_exchange: string;
  messaging_topic_prefix: string;
}

/** RabbitMQ when amqp_url is set, else the in-process bus (single-process mode). Global MESSAGE_BUS. */
export function messagingModuleFor(settings: MessagingSettings, processName: string): DynamicModule {
  if (!settings.amqp_url) return MessagingModule.forRoot({ driver: 'memory', isGlobal: true });
  return MessagingModule.forRoot({
    driver: 'amqp',
    isGlobal: true,
    amqp: {
      url: settings.amqp_url,
      exchange: settings.messaging_exchange,
      topicPrefix: settings.messaging_topic_prefix,
      connectionName: `odcs-${processName}`,
    },
  });
}
