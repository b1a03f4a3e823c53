import type { OutgoingMessage } from './message.js';
import { InvalidMessageError } from './messaging.errors.js';
import { CANONICAL_TOPIC_PREFIX } from './routing-keys.js';

/**
 * Checks an outgoing message and serialises its body, so every driver refuses the same
 * messages with the same reasons. Returns the JSON text of the body.
 */
export function encodeOutgoingMessage(message: OutgoingMessage): string {
  if (typeof message.id !== 'string' || message.id.length === 0) {
    throw new InvalidMessageError(`Message id must be a non-empty string (routing key ${message.routingKey}).`);
  }
  const key = message.routingKey;
  if (typeof key !== 'string' || !key.startsWith(`${CANONICAL_TOPIC_PREFIX}.`) || /[*#\s]|\.\.|\.$/.test(key)) {
    throw new InvalidMessageError(
      `Message ${message.id} has routing key ${JSON.stringify(key)}; expected dot-separated words ` +
        `starting with "${CANONICAL_TOPIC_PREFIX}." and no wildcards, e.g. "${CANONICAL_TOPIC_PREFIX}.compose.state-changed".`,
    );
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(message.body);
  } catch (error) {
    throw new InvalidMessageError(`Message ${message.id} (${key}) has a body that is not JSON-serialisable.`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new InvalidMessageError(`Message ${message.id} (${key}) has no body; send a JSON value.`);
  }
  return json;
}
