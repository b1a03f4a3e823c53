import { describe, expect, it } from 'vitest';
import { COMPOSE_STATES, type ComposeState, canTransition, parseState, stateFromCode, STATE_CODES } from './compose-state.js';

const ALLOWED: [ComposeState, ComposeState][] = [
  ['wait', 'generating'],
  ['wait', 'failed'],
  ['generating', 'done'],
  ['generating', 'failed'],
  ['generating', 'removed'],
  ['generating', 'wait'],
  ['done', 'removed'],
  ['failed', 'removed'],
];

describe('COMPOSE_TRANSITIONS', () => {
  for (const from of COMPOSE_STATES) {
    for (const to of COMPOSE_STATES) {
      const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
      });
    }
  }

  it('maps states to the ODCS numeric codes and back', () => {
    expect(STATE_CODES).toEqual({ wait: 0, generating: 1, done: 2, removed: 3, failed: 4 });
    for (const s of COMPOSE_STATES) expect(stateFromCode(STATE_CODES[s])).toBe(s);
    expect(parseState('2')).toBe('done');
    expect(parseState('done')).toBe('done');
    expect(parseState('9')).toBeUndefined();
    expect(parseState('finished')).toBeUndefined();
  });
});
