import type { Logger } from '@nestjs/common';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { WorkMessage } from '../../message.js';
import type { WorkHandler } from '../../message-bus.port.js';
import type { AmqpConnection, AmqpSessionParticipant } from './amqp-connection.js';
import type { ResolvedAmqpOptions } from './amqp-options.js';
import type { AmqpTopicNaming } from './amqp-topic-naming.js';

interface Attachment {
  readonly model: ChannelModel;
  readonly channel: Channel;
  readonly consumerTag: string;
}

/**
 * One work subscription: a channel consuming the shared quorum queue, re-created on every
 * connection. Acks after the handler resolves; on failure rejects with requeue (the broker counts
 * it in `x-delivery-count`) until `maxDeliveries` deliveries failed, then acks (drops) with an error log.
 */
export class AmqpWorkConsumer implements AmqpSessionParticipant {
  private attachment: Attachment | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly handler: WorkHandler,
    private readonly connection: AmqpConnection,
    private readonly options: ResolvedAmqpOptions,
    private readonly naming: AmqpTopicNaming,
    private readonly logger: Logger,
  ) {}

  async attach(model: ChannelModel): Promise<void> {
    if (this.closed || this.attachment?.model === model) return;
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`AMQP work channel error: ${error.message}`));
    await channel.prefetch(this.options.prefetch);
    const { consumerTag } = await channel.consume(this.options.workQueue, (msg) => this.onDelivery(channel, msg), {
      noAck: false,
    });
    if (this.closed) {
      await channel.close().catch(() => undefined);
      return;
    }
    this.attachment = { model, channel, consumerTag };
    channel.on('close', () => {
      if (this.attachment?.channel === channel && !this.closed) {
        this.connection.recycle(model, 'a work consumer channel closed');
      }
    });
  }

  detach(model: ChannelModel): void {
    if (this.attachment?.model === model) this.attachment = null;
  }

  /** Cancels the consumer, lets running handlers settle their messages, then closes the channel. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.leave(this);
    const attachment = this.attachment;
    if (attachment !== null) await attachment.channel.cancel(attachment.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    this.attachment = null;
    if (attachment !== null) await attachment.channel.close().catch(() => undefined);
  }

  private onDelivery(channel: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled the consumer (e.g. the queue was deleted): rebuild everything.
      const model = this.attachment?.channel === channel ? this.attachment.model : null;
      if (model !== null && !this.closed) this.connection.recycle(model, 'the broker cancelled a work consumer');
      return;
    }
    const running = this.handle(channel, msg).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private async handle(channel: Channel, msg: ConsumeMessage): Promise<void> {
    // Quorum queues count failed deliveries in x-delivery-count; a message returned by a lost
    // connection may not be counted (RabbitMQ >= 4.3) but is still flagged as redelivered.
    const counted = Number(msg.properties.headers?.['x-delivery-count'] ?? 0);
    const attempt = Math.max((Number.isFinite(counted) ? counted : 0) + 1, msg.fields.redelivered ? 2 : 1);
    const routingKey = this.naming.fromWire(msg.fields.routingKey);
    const id = typeof msg.properties.messageId === 'string' ? msg.properties.messageId : `amqp-delivery-${msg.fields.deliveryTag}`;
    let work: WorkMessage;
    try {
      work = { id, routingKey, body: JSON.parse(msg.content.toString('utf8')) as unknown, deliveryAttempt: attempt };
    } catch {
      this.logger.error(`Dropping work message ${id} (${routingKey}): its body is not JSON`);
      this.settle(channel, id, () => channel.ack(msg));
      return;
    }
    try {
      await this.handler(work);
      this.settle(channel, id, () => channel.ack(msg));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt >= this.options.maxDeliveries) {
        this.logger.error(`Dropping work message ${id} (${routingKey}) after ${attempt} failed deliveries: ${reason}`);
        this.settle(channel, id, () => channel.ack(msg));
      } else {
        this.logger.warn(`Work message ${id} (${routingKey}) failed on delivery ${attempt}, requeued: ${reason}`);
        // reject, not nack: since RabbitMQ 4.3 only reject increments x-delivery-count.
        this.settle(channel, id, () => channel.reject(msg, true));
      }
    }
  }

  /** Acks/nacks on the channel that delivered the message, unless it died (then the broker redelivers). */
  private settle(channel: Channel, id: string, action: () => void): void {
    if (this.attachment !== null && this.attachment.channel !== channel) {
      this.logger.warn(`Work message ${id} was handled after its channel closed; the broker will redeliver it`);
      return;
    }
    try {
      action();
    } catch (error) {
      this.logger.warn(`Could not settle work message ${id}; the broker will redeliver it: ${String(error)}`);
    }
  }
}
