import { describe, expect, it } from 'vitest';
import { pickSigkey, unsignedMessage } from './signatures.js';

describe('pickSigkey', () => {
  const signed = new Set(['aaaa1111', 'bbbb2222']);

  it('takes the first key in the compose order the RPM is signed with, case-insensitively', () => {
    expect(pickSigkey(['BBBB2222', 'AAAA1111'], signed)).toBe('bbbb2222');
    expect(pickSigkey(['cccc3333', 'AAAA1111'], signed)).toBe('aaaa1111');
  });

  it('accepts the unsigned file for an empty key, from its position on', () => {
    expect(pickSigkey(['cccc3333', ''], signed)).toBeNull();
    expect(pickSigkey(['', 'AAAA1111'], signed)).toBeNull();
    expect(pickSigkey(['AAAA1111', ''], new Set())).toBeNull();
  });

  it('needs no signature when the compose has no sigkeys, and finds none otherwise', () => {
    expect(pickSigkey([], new Set())).toBeNull();
    expect(pickSigkey(['cccc3333'], signed)).toBeUndefined();
  });
});

describe('unsignedMessage', () => {
  it('lists the keys and the sorted NVRAs', () => {
    expect(unsignedMessage(['AB', 'cd'], ['z-1-1.noarch', 'a-1-1.x86_64', 'z-1-1.noarch'])).toBe(
      "RPM(s) not found for sigs: ['AB', 'cd']. Unsigned packages:\na-1-1.x86_64\nz-1-1.noarch",
    );
  });

  it('caps the list', () => {
    const many = Array.from({ length: 60 }, (_, i) => `p${String(i).padStart(2, '0')}-1-1.noarch`);
    const message = unsignedMessage(['k'], many);
    expect(message.split('\n')).toHaveLength(52);
    expect(message.endsWith('\n... and 10 more')).toBe(true);
  });
});
