import type { MessageDraft } from '../message.js';
import { CANONICAL_TOPIC_PREFIX } from '../routing-keys.js';

/**
 * External notification sent on every compose state change (CONTRACT §10), with the same topic
 * and body as upstream ODCS's fedora-messaging backend. Deployments may rename the leading
 * `odcs` segment on the wire through the driver's `topicPrefix`.
 */
export const COMPOSE_STATE_CHANGED_TOPIC = `${CANONICAL_TOPIC_PREFIX}.compose.state-changed`;

/** The compose JSON of the REST API (CONTRACT §1.5); only the keys consumers rely on are typed. */
export interface ComposeJsonV1 {
  id: number;
  state: number;
  state_name: string;
  [key: string]: unknown;
}

export interface ComposeStateChangedPayloadV1<C extends ComposeJsonV1 = ComposeJsonV1> {
  event: 'state-changed';
  compose: C;
}

/** Builds the outbox draft for a state change from the compose's REST JSON. */
export function composeStateChangedMessage<C extends ComposeJsonV1>(compose: C): MessageDraft & { body: ComposeStateChangedPayloadV1<C> } {
  return { routingKey: COMPOSE_STATE_CHANGED_TOPIC, body: { event: 'state-changed', compose } };
}

/** Narrows an incoming body to the v1 state-changed payload. */
export function isComposeStateChangedPayloadV1(body: unknown): body is ComposeStateChangedPayloadV1 {
  if (typeof body !== 'object' || body === null) return false;
  const { event, compose } = body as Record<string, unknown>;
  return (
    event === 'state-changed' &&
    typeof compose === 'object' &&
    compose !== null &&
    typeof (compose as Record<string, unknown>).id === 'number'
  );
}
