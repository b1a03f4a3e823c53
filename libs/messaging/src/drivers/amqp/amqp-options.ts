import { InvalidMessagingOptionsError } from '../../messaging.errors.js';
import { CANONICAL_TOPIC_PREFIX } from '../../routing-keys.js';

export interface AmqpMessageBusOptions {
  /** Broker URL, e.g. `amqp://guest:guest@127.0.0.1:5672` (credentials are never logged). */
  url: string;
  /** Durable topic exchange every message is published to (default `odcs`). */
  exchange?: string;
  /** Replaces the leading `odcs` of every routing key on the wire (default `odcs`). */
  topicPrefix?: string;
  /** How long publish waits for a connection plus the broker's confirm before it rejects (default 10 s). */
  publishTimeoutMs?: number;
  /** How long `start()` keeps trying to make the first connection (default 15 s). */
  connectTimeoutMs?: number;
  /** First reconnect delay; it doubles on each failed attempt (default 100 ms). */
  reconnectInitialDelayMs?: number;
  /** Cap of the reconnect delay (default 30 s). */
  reconnectMaxDelayMs?: number;
  /** Shown by RabbitMQ in its connection list (default `odcs`). */
  connectionName?: string;
}

export type ResolvedAmqpOptions = Required<AmqpMessageBusOptions>;

const WORD = /^[A-Za-z0-9_-]+$/;

export function resolveAmqpOptions(options: AmqpMessageBusOptions): ResolvedAmqpOptions {
  const resolved: ResolvedAmqpOptions = {
    url: options.url,
    exchange: options.exchange ?? 'odcs',
    topicPrefix: options.topicPrefix ?? CANONICAL_TOPIC_PREFIX,
    publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    reconnectInitialDelayMs: options.reconnectInitialDelayMs ?? 100,
    reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 30_000,
    connectionName: options.connectionName ?? 'odcs',
  };
  const problems: string[] = [];
  if (typeof resolved.url !== 'string' || !/^amqps?:\/\//.test(resolved.url)) {
    problems.push('url must start with amqp:// or amqps://');
  }
  if (!resolved.topicPrefix.split('.').every((w) => WORD.test(w))) {
    problems.push(`topicPrefix "${resolved.topicPrefix}" must be dot-separated words of letters, digits, _ or -`);
  }
  const { exchange } = resolved;
  if (exchange.length === 0 || exchange.length > 255 || exchange.startsWith('amq.')) {
    problems.push(`exchange "${exchange}" must be 1-255 characters and not start with "amq."`);
  }
  for (const name of ['publishTimeoutMs', 'connectTimeoutMs'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1) problems.push(`${name} must be a positive integer`);
  }
  const { reconnectInitialDelayMs: first, reconnectMaxDelayMs: cap } = resolved;
  if (!Number.isInteger(first) || first < 1 || !Number.isInteger(cap) || cap < first) {
    problems.push('reconnectInitialDelayMs must be a positive integer no larger than reconnectMaxDelayMs');
  }
  if (problems.length > 0) {
    throw new InvalidMessagingOptionsError(`Invalid AMQP messaging options: ${problems.join('; ')}.`);
  }
  return resolved;
}

/** The URL with its password replaced, safe for logs and error messages. */
export function redactAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable AMQP URL>';
  }
}
