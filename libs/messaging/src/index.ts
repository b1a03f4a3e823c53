export type { MessageDraft, OutgoingMessage } from './message.js';
export { MESSAGE_BUS, type MessageBus } from './message-bus.port.js';
export {
  InvalidMessageError,
  InvalidMessagingOptionsError,
  MessageBusClosedError,
  MessageBusConnectError,
  MessageBusUnavailableError,
  MessageRejectedError,
  MessagingError,
  type MessagingErrorCode,
} from './messaging.errors.js';
export { CANONICAL_TOPIC_PREFIX, matchesTopic } from './routing-keys.js';
export * from './contracts/compose-state-changed.v1.js';
export { AmqpMessageBus } from './drivers/amqp.message-bus.js';
export type { AmqpMessageBusOptions } from './drivers/amqp/amqp-options.js';
export { InMemoryMessageBus, type NotificationListener } from './drivers/in-memory.message-bus.js';
export {
  createMessageBus,
  MessageBusShutdown,
  MessagingModule,
  type MessagingModuleAsyncOptions,
  type MessagingModuleOptions,
} from './messaging.module.js';
export { messagingModuleFor, type MessagingSettings } from './messaging-for-settings.js';
