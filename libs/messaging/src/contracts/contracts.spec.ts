import { describe, expect, it } from 'vitest';
import { COMPOSE_STATE_CHANGED_TOPIC, composeStateChangedMessage, isComposeStateChangedPayloadV1 } from './compose-state-changed.v1.js';
import { INTERNAL_WORK_ROUTING_KEYS, internalWorkMessage, parseInternalWork } from './internal-work.v1.js';

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

describe('internal work v1', () => {
  it('routes created and renewed signals under odcs.internal', () => {
    expect(INTERNAL_WORK_ROUTING_KEYS).toEqual({
      composeCreated: 'odcs.internal.compose.created',
      composeRenewed: 'odcs.internal.compose.renewed',
    });
    expect(internalWorkMessage('composeRenewed', 12)).toEqual({
      routingKey: 'odcs.internal.compose.renewed',
      body: { composeId: 12 },
    });
  });

  it('parses known signals and refuses anything else', () => {
    expect(parseInternalWork(internalWorkMessage('composeCreated', 3))).toEqual({ kind: 'composeCreated', composeId: 3 });
    expect(parseInternalWork({ routingKey: 'odcs.internal.compose.deleted', body: { composeId: 3 } })).toBeNull();
    expect(parseInternalWork({ routingKey: 'odcs.internal.compose.created', body: { composeId: '3' } })).toBeNull();
    expect(parseInternalWork({ routingKey: 'odcs.internal.compose.created', body: { composeId: 0 } })).toBeNull();
    expect(parseInternalWork({ routingKey: 'odcs.internal.compose.created', body: null })).toBeNull();
  });
});
