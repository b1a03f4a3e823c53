import { describe, expect, it } from 'vitest';
import { kojiTagCacheKey } from './koji-tag-cache-key.js';

describe('kojiTagCacheKey (CONTRACT §8.8)', () => {
  it.each([
    [{ tag: 'f26', flags: 0, sigkeys: '', arches: 'x86_64' }, 'f26-0--x86_64'],
    [{ tag: 'f26', flags: 1, sigkeys: 'c a b', arches: 'x86_64 i686' }, 'f26-1-a-b-c-i686-x86_64'],
    [{ tag: 'f26', flags: 1, sigkeys: ['c', 'a', 'b'], arches: ['x86_64', 'i686'] }, 'f26-1-a-b-c-i686-x86_64'],
    [{ tag: 'f26', flags: 4, sigkeys: null, arches: null }, 'f26-4--'],
    [{ tag: 'f26', flags: 0, sigkeys: 'b ', arches: 'x86_64' }, 'f26-0--b-x86_64'],
  ])('%j → %s', (input, key) => {
    expect(kojiTagCacheKey(input)).toBe(key);
  });
});
