import { describe, expect, it } from 'vitest';
import { COMPOSE_STATE_CHANGED_TOPIC, composeStateChangedMessage, isComposeStateChangedPayloadV1 } from './compose-state-changed.v1.js';

describe('compose state-changed v1', () => {
  it('uses the upstream ODCS topic and body', () => {
    const compose = { id: 5, state: 1, state_name: 'generating', source: 'f40' };
    expect(COMPOSE_STATE_CHANGED_TOPIC).toBe('odcs.compose.state-changed');
    expect(composeStateChangedMessage(compose)).toEqual({
      routingKey: 'odcs.compose.state-changed',
      body: { event: 'state-changed', compose },
    });
  });

  it('recognises the payload', () => {
    expect(isComposeStateChangedPayloadV1({ event: 'state-changed', compose: { id: 1 } })).toBe(true);
    expect(isComposeStateChangedPayloadV1({ event: 'other', compose: { id: 1 } })).toBe(false);
    expect(isComposeStateChangedPayloadV1({ event: 'state-changed', compose: null })).toBe(false);
    expect(isComposeStateChangedPayloadV1('state-changed')).toBe(false);
  });
});
