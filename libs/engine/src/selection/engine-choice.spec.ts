import { describe, expect, it } from 'vitest';
import { chooseEngine } from './engine-choice.js';

describe('chooseEngine', () => {
  const base = { sourceType: 'tag', overrides: {}, pungiAvailable: true } as const;

  it.each([
    ['pungi', true, 'pungi'],
    ['pungi', false, 'pungi'],
    ['builtin', true, 'builtin'],
    ['auto', true, 'pungi'],
    ['auto', false, 'builtin'],
  ] as const)('compose_engine=%s with Pungi available=%s → %s', (configured, pungiAvailable, expected) => {
    expect(chooseEngine({ ...base, configured, pungiAvailable })).toBe(expected);
  });

  it('prefers the override of the source type, which may itself be auto', () => {
    const overrides = { repo: 'builtin', module: 'auto' } as const;
    expect(chooseEngine({ ...base, sourceType: 'repo', configured: 'pungi', overrides })).toBe('builtin');
    expect(chooseEngine({ ...base, sourceType: 'module', configured: 'builtin', overrides, pungiAvailable: false })).toBe('builtin');
    expect(chooseEngine({ ...base, sourceType: 'module', configured: 'builtin', overrides })).toBe('pungi');
    expect(chooseEngine({ ...base, sourceType: 'tag', configured: 'pungi', overrides })).toBe('pungi');
  });
});
