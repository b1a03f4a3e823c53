import type { MessageDraft, WorkMessage } from '../message.js';
import { INTERNAL_ROUTING_KEY_PREFIX } from '../routing-keys.js';

/**
 * Internal work signals from the frontend to the backends. They travel through the shared
 * durable work queue, so exactly one backend reacts to each (competing consumers).
 */
export const INTERNAL_WORK_ROUTING_KEYS = {
  /** A compose was submitted and waits to be generated. */
  composeCreated: `${INTERNAL_ROUTING_KEY_PREFIX}compose.created`,
  /** A compose was renewed (regenerated/respun) and waits to be generated. */
  composeRenewed: `${INTERNAL_ROUTING_KEY_PREFIX}compose.renewed`,
} as const;

export type InternalWorkKind = keyof typeof INTERNAL_WORK_ROUTING_KEYS;
export type InternalWorkRoutingKey = (typeof INTERNAL_WORK_ROUTING_KEYS)[InternalWorkKind];

export interface InternalWorkPayloadV1 {
  composeId: number;
}

export function internalWorkMessage(
  kind: InternalWorkKind,
  composeId: number,
): MessageDraft & { routingKey: InternalWorkRoutingKey; body: InternalWorkPayloadV1 } {
  return { routingKey: INTERNAL_WORK_ROUTING_KEYS[kind], body: { composeId } };
}

export interface InternalWorkSignal {
  kind: InternalWorkKind;
  composeId: number;
}

/** Decodes a delivered work message; `null` when the routing key or body is not a known v1 signal. */
export function parseInternalWork(message: Pick<WorkMessage, 'routingKey' | 'body'>): InternalWorkSignal | null {
  const kind = (Object.keys(INTERNAL_WORK_ROUTING_KEYS) as InternalWorkKind[]).find(
    (k) => INTERNAL_WORK_ROUTING_KEYS[k] === message.routingKey,
  );
  if (kind === undefined || typeof message.body !== 'object' || message.body === null) return null;
  const { composeId } = message.body as Record<string, unknown>;
  return typeof composeId === 'number' && Number.isSafeInteger(composeId) && composeId > 0 ? { kind, composeId } : null;
}
