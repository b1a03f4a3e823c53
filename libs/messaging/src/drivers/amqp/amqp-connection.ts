import type { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import { MessageBusClosedError, MessageBusConnectError, MessageBusUnavailableError } from '../../messaging.errors.js';
import { redactAmqpUrl, type ResolvedAmqpOptions } from './amqp-options.js';

/** One live connection with its confirm channel for publishing. */
export interface AmqpSession {
  readonly model: ChannelModel;
  readonly publisher: ConfirmChannel;
}

/**
 * Keeps one connection to the broker alive: reconnects with capped exponential backoff
 * (amqplib's recovery), declares the exchange on each connection, and recycles the whole connection whenever one of its channels dies unexpectedly.
 */
export class AmqpConnection {
  private recovering: RecoveringChannelModel | null = null;
  private current: AmqpSession | null = null;
  private waiters: Array<(session: AmqpSession | Error) => void> = [];
  private lastError: Error | null = null;
  private closed = false;

  constructor(
    private readonly options: ResolvedAmqpOptions,
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
    await publisher.assertExchange(this.options.exchange, 'topic', { durable: true });
    if (this.closed) return;
    this.current = { model, publisher };
    for (const waiter of this.waiters.splice(0)) waiter(this.current);
  }

  private forget(model: ChannelModel): void {
    if (this.current?.model === model) this.current = null;
  }

  private where(): string {
    return redactAmqpUrl(this.options.url);
  }
}
