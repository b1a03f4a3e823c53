import { describe, expect, it } from 'vitest';
import { redactAmqpUrl, resolveAmqpOptions } from './amqp-options.js';
import { AmqpTopicNaming } from './amqp-topic-naming.js';

describe('resolveAmqpOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveAmqpOptions({ url: 'amqp://localhost' })).toMatchObject({
      exchange: 'odcs',
      topicPrefix: 'odcs',
      publishTimeoutMs: 10_000,
    });
  });

  it('lists every problem at once', () => {
    expect(() => resolveAmqpOptions({ url: 'http://x', topicPrefix: 'odcs.#', exchange: 'amq.topic', publishTimeoutMs: 0 })).toThrow(
      'Invalid AMQP messaging options: url must start with amqp:// or amqps://; ' +
        'topicPrefix "odcs.#" must be dot-separated words of letters, digits, _ or -; ' +
        'exchange "amq.topic" must be 1-255 characters and not start with "amq."; publishTimeoutMs must be a positive integer.',
    );
  });
});

describe('redactAmqpUrl', () => {
  it('hides the password only', () => {
    expect(redactAmqpUrl('amqps://odcs:hunter2@broker.example.com:5671/vhost')).toBe('amqps://odcs:***@broker.example.com:5671/vhost');
    expect(redactAmqpUrl('amqp://localhost')).toBe('amqp://localhost');
  });
});

describe('AmqpTopicNaming', () => {
  const naming = new AmqpTopicNaming('org.fedoraproject.prod.odcs');

  it('renames the canonical prefix on the wire', () => {
    expect(naming.toWire('odcs.compose.state-changed')).toBe('org.fedoraproject.prod.odcs.compose.state-changed');
  });

  it('is the identity with the default prefix', () => {
    const plain = new AmqpTopicNaming('odcs');
    expect(plain.toWire('odcs.compose.state-changed')).toBe('odcs.compose.state-changed');
  });
});
