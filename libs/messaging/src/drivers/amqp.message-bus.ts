import { Logger } from '@nestjs/common';
import { IllegalOperationError, type ConfirmChannel } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutgoingMessage } from '../message.js';
import { encodeOutgoingMessage } from '../message-encoding.js';
import type { MessageBus } from '../message-bus.port.js';
import { InvalidMessageError, MessageBusClosedError, MessageBusUnavailableError, MessageRejectedError } from '../messaging.errors.js';
import { AmqpConnection } from './amqp/amqp-connection.js';
import { resolveAmqpOptions, type AmqpMessageBusOptions, type ResolvedAmqpOptions } from './amqp/amqp-options.js';
import { AmqpTopicNaming } from './amqp/amqp-topic-naming.js';

/**
 * {@link MessageBus} on RabbitMQ (AMQP 0-9-1): a durable topic exchange, persistent JSON messages
 * published on a confirm channel.
 * Call {@link start} before use (MessagingModule does).
 */
export class AmqpMessageBus implements MessageBus {
  private readonly logger = new Logger(AmqpMessageBus.name);
  private readonly options: ResolvedAmqpOptions;
  private readonly naming: AmqpTopicNaming;
  private readonly connection: AmqpConnection;
  private closed = false;

  constructor(options: AmqpMessageBusOptions) {
    this.options = resolveAmqpOptions(options);
    this.naming = new AmqpTopicNaming(this.options.topicPrefix);
    this.connection = new AmqpConnection(this.options, this.logger);
  }

  /** Connects and declares the exchange; rejects if the broker stays unreachable. */
  start(): Promise<void> {
    return this.connection.start();
  }

  /** The routing key a message with this canonical key carries on the wire. */
  wireRoutingKey(canonicalKey: string): string {
    return this.naming.toWire(canonicalKey);
  }

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.closed) throw new MessageBusClosedError(`publish message ${message.id}`);
    const content = Buffer.from(encodeOutgoingMessage(message), 'utf8');
    const routingKey = this.naming.toWire(message.routingKey);
    const deadline = Date.now() + this.options.publishTimeoutMs;
    let lastError: unknown = null;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.closed) break;
      try {
        const { publisher } = await this.connection.session(remaining);
        await this.sendConfirmed(publisher, routingKey, content, message, deadline - Date.now());
        return;
      } catch (error) {
        const final = [MessageRejectedError, MessageBusClosedError, InvalidMessageError].some((t) => error instanceof t);
        if (final) throw error;
        lastError = error;
        // The channel died under this publish: wait for the reconnection and send it again.
        await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
      }
    }
    if (this.closed) throw new MessageBusClosedError(`publish message ${message.id}`);
    const reason = lastError instanceof Error ? lastError.message.replace(/\.$/, '') : 'timed out';
    throw new MessageBusUnavailableError(
      `Message ${message.id} (${message.routingKey}) was not confirmed by the broker within ` +
        `${this.options.publishTimeoutMs} ms: ${reason}. It may be republished safely.`,
      { cause: lastError },
    );
  }

  /** Test hook: cuts the socket of the live connection; the bus must reconnect by itself. */
  dropConnectionForTesting(): void {
    this.connection.dropConnectionForTesting();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
  }

  private sendConfirmed(
    channel: ConfirmChannel,
    routingKey: string,
    content: Buffer,
    message: OutgoingMessage,
    timeoutMs: number,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new MessageBusUnavailableError(`no broker confirm within ${this.options.publishTimeoutMs} ms`)),
        Math.max(timeoutMs, 1),
      );
      const done = (error: unknown): void => {
        clearTimeout(timer);
        if (error === null || error === undefined) resolve();
        else if (error instanceof Error && error.message === 'message nacked') {
          reject(new MessageRejectedError(`The broker refused message ${message.id} (${message.routingKey}).`));
        } else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      };
      try {
        channel.publish(
          this.options.exchange,
          routingKey,
          content,
          {
            persistent: true,
            messageId: message.id,
            contentType: 'application/json',
            contentEncoding: 'utf-8',
            timestamp: Math.floor(Date.now() / 1000),
            appId: 'odcs',
            headers: { ...message.headers },
          },
          done,
        );
      } catch (error) {
        if (error instanceof IllegalOperationError) done(error);
        else {
          clearTimeout(timer);
          const reason = error instanceof Error ? error.message : String(error);
          reject(new InvalidMessageError(`Message ${message.id} cannot be encoded: ${reason}`, { cause: error }));
        }
      }
    });
  }
}
