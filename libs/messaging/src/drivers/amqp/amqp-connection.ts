import type { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import { MessageBusClosedError, MessageBusConnectError, MessageBusUnavailableError } from '../../messaging.errors.js';
import { redactAmqpUrl, type ResolvedAmqpOptions } from './amqp-options.js';
import type { AmqpTopicNaming } from './amqp-topic-naming.js';

/** One live connection with its confirm channel for publishing. */
export interface AmqpSession {
  readonly model: ChannelModel;
  readonly publisher: ConfirmChannel;
}

/** Something that must be re-created on every new connection (e.g. a work consumer). */
export interface AmqpSessionParticipant {
  /** Called for each new connection, before it is handed to publishers; throwing fails the connection. */
  attach(model: ChannelModel): Promise<void>;
  /** Called when `model` is gone; channels opened on it are dead. */
  detach(model: ChannelModel): void;
}

/**
 * Keeps one connection to the broker alive: reconnects with capped exponential backoff
 * (amqplib's recovery), declares the topology on each connection, re-attaches participants,
 * and recycles the whole connection whenever one of its channels dies unexpectedly.
 */
export class AmqpConnection {
  private recovering: RecoveringChannelModel | null = null;
  private current: AmqpSession | null = null;
  private readonly participants = new Set<AmqpSessionParticipant>();
  private waiters: Array<(session: AmqpSession | Error) => void> = [];
  private lastError: Error | null = null;
  private closed = false;

  constructor(
    private readonly options: ResolvedAmqpOptions,
    private readonly naming: AmqpTopicNaming,
    private readonly logger: Logger,
  ) {}

  /** Connects, retrying until `connectTimeoutMs`; rejects with `MessageBusConnectError` after that. */
  async start(): Promise<void> {
    const { url, connectionName, reconnectInitialDelayMs, reconnectMaxDelayMs } = this.options;
    this.recovering = await connect(url, {
      clientProperties: { connection_name: connectionName },
      timeout: this.options.connectTimeoutMs,
      recovery: {
        initialDelay: reconnectInitialDelayMs,
        maxDelay: reconnectMaxDelayMs,
        factor: 2,
        jitter: 0.2,
        waitForConnect: false,
        setup: (model: ChannelModel) => this.setUp(model),
      },
    });
    this.recovering.on('error', (error: Error) => this.logger.warn(`AMQP connection error: ${error.message}`));
    this.recovering.on('disconnect', (error: Error) => {
      this.lastError = error;
      this.logger.warn(`Lost the AMQP connection to ${this.where()}: ${error.message}; reconnecting`);
    });
    this.recovering.on('connect-failed', (error: Error) => {
      this.lastError = error;
    });
    this.recovering.on('reconnect-scheduled', ({ attempt, delay, error }) =>
      this.logger.warn(`AMQP connect attempt ${attempt} to ${this.where()} in ${delay} ms (last error: ${error.message})`),
    );
    this.recovering.on('connect', () => this.logger.log(`Connected to ${this.where()}`));
    this.recovering.on('blocked', (reason: string) =>
      this.logger.warn(`The broker blocked publishing (${reason}); publishes wait until it unblocks or time out`),
    );
    this.recovering.on('unblocked', () => this.logger.log('The broker unblocked publishing'));
    try {
      await this.session(this.options.connectTimeoutMs);
    } catch (error) {
      await this.close();
      throw new MessageBusConnectError(
        `Could not connect to the AMQP broker at ${this.where()} within ${this.options.connectTimeoutMs} ms` +
          ` (last error: ${this.lastError?.message ?? 'none'}). Check the URL, credentials and that the broker runs.`,
        { cause: this.lastError ?? error },
      );
    }
  }

  /** The live session, waiting up to `timeoutMs` for a (re)connection. */
  session(timeoutMs: number): Promise<AmqpSession> {
    if (this.closed) return Promise.reject(new MessageBusClosedError('use the AMQP connection'));
    if (this.current !== null) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const waiter = (result: AmqpSession | Error): void => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.lastError ? ` (last error: ${this.lastError.message})` : '';
        reject(new MessageBusUnavailableError(`No AMQP connection to ${this.where()} within ${timeoutMs} ms${last}.`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Adds a participant and attaches it to the live connection, if any. */
  async join(participant: AmqpSessionParticipant): Promise<void> {
    this.participants.add(participant);
    const session = this.current;
    if (session === null) return;
    try {
      await participant.attach(session.model);
    } catch (error) {
      this.recycle(session.model, `attaching a consumer failed: ${String(error)}`);
    }
  }

  leave(participant: AmqpSessionParticipant): void {
    this.participants.delete(participant);
  }

  /** Drops `model` (if still current) so that recovery builds a fresh connection. */
  recycle(model: ChannelModel, reason: string): void {
    if (this.closed || this.current?.model !== model) return;
    this.logger.warn(`Recycling the AMQP connection: ${reason}`);
    this.forget(model);
    model.close().catch(() => undefined);
  }

  /** Test hook: cuts the live connection's socket, as a network failure would. */
  dropConnectionForTesting(): void {
    const model = this.current?.model;
    const stream = (model?.connection as unknown as { stream?: { destroy(error: Error): void } } | undefined)?.stream;
    stream?.destroy(new Error('connection cut by test'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new MessageBusClosedError('use the AMQP connection');
    for (const waiter of this.waiters.splice(0)) waiter(error);
    const recovering = this.recovering;
    this.current = null;
    await recovering?.close().catch((e: unknown) => this.logger.warn(`Closing the AMQP connection: ${String(e)}`));
  }

  private async setUp(model: ChannelModel): Promise<void> {
    model.on('error', () => undefined); // reported through the recovering model
    model.on('close', () => this.forget(model));
    const publisher = await model.createConfirmChannel();
    publisher.on('error', (error: Error) => this.logger.warn(`AMQP publish channel error: ${error.message}`));
    publisher.on('close', () => this.recycle(model, 'the publish channel closed'));
    await this.declareTopology(publisher);
    // Participants may join while this runs; keep going until every one of them is attached.
    const attached = new Set<AmqpSessionParticipant>();
    for (;;) {
      const pending = [...this.participants].filter((p) => !attached.has(p));
      if (pending.length === 0) break;
      for (const participant of pending) {
        await participant.attach(model);
        attached.add(participant);
      }
    }
    if (this.closed) return;
    this.current = { model, publisher };
    for (const waiter of this.waiters.splice(0)) waiter(this.current);
  }

  private async declareTopology(channel: ConfirmChannel): Promise<void> {
    const { exchange, workQueue } = this.options;
    await channel.assertExchange(exchange, 'topic', { durable: true });
    try {
      await channel.assertQueue(workQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    } catch (error) {
      throw new Error(
        `Cannot declare the work queue "${workQueue}" as a durable quorum queue (${String(error)}). ` +
          'If it exists with other arguments, delete it or configure another work queue name.',
        { cause: error },
      );
    }
    await channel.bindQueue(workQueue, exchange, this.naming.workBindingPattern);
  }

  private forget(model: ChannelModel): void {
    if (this.current?.model === model) this.current = null;
    for (const participant of this.participants) participant.detach(model);
  }

  private where(): string {
    return redactAmqpUrl(this.options.url);
  }
}
