import { describe, expect, it } from 'vitest';
import { matchesTopic } from './routing-keys.js';

describe('matchesTopic', () => {
  it.each([
    ['odcs.compose.#', 'odcs.compose.state-changed', true],
    ['odcs.compose.#', 'odcs.compose', true],
    ['odcs.compose.#', 'odcs.internal.compose.created', false],
    ['odcs.*.state-changed', 'odcs.compose.state-changed', true],
    ['odcs.*', 'odcs.compose.state-changed', false],
    ['#', 'anything.at.all', true],
    ['#.created', 'odcs.internal.compose.created', true],
    ['odcs.#.created', 'odcs.created', true],
    ['odcs.compose.state-changed', 'odcs.compose.state-changed', true],
    ['odcs.compose.state-changed', 'odcs.compose.state-changed.v2', false],
  ])('%s against %s → %s', (pattern, key, expected) => {
    expect(matchesTopic(pattern, key)).toBe(expected);
  });
});
