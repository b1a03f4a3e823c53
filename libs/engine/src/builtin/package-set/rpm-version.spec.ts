import { describe, expect, it } from 'vitest';
import { compareEvr, rpmVerCmp } from './rpm-version.js';

describe('rpmVerCmp (rpm/rpmio/rpmvercmp.c cases)', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '2.0', -1],
    ['2.0.1', '2.0', 1],
    ['2.0', '2.0.1', -1],
    ['2.0.1a', '2.0.1', 1],
    ['5.5p1', '5.5p2', -1],
    ['5.5p10', '5.5p1', 1],
    ['10xyz', '10.1xyz', -1],
    ['xyz10', 'xyz10.1', -1],
    ['1.0010', '1.9', 1],
    ['1.05', '1.5', 0],
    ['1.0', '1', 1],
    ['2.0', '2_0', 0],
    ['a', '1', -1],
    ['1', 'a', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0~rc1', '1.0~rc2', -1],
    ['1.0~rc1~git123', '1.0~rc1', -1],
    ['1.0^', '1.0', 1],
    ['1.0^git1', '1.0.1', -1],
    ['1.0^git1', '1.0^git2', -1],
    ['1.0~rc1^git1', '1.0~rc1', 1],
    ['fc40', 'fc39', 1],
  ])('%s vs %s → %d', (a, b, expected) => {
    expect(rpmVerCmp(a, b)).toBe(expected);
    expect(rpmVerCmp(b, a)).toBe(-expected || 0);
  });

  it('compares epoch first, a missing epoch counting as 0', () => {
    expect(compareEvr({ epoch: 1, version: '1.0', release: '1' }, { epoch: null, version: '9.0', release: '1' })).toBe(1);
    expect(compareEvr({ epoch: 0, version: '1.0', release: '2' }, { epoch: null, version: '1.0', release: '10' })).toBe(-1);
    expect(compareEvr({ epoch: null, version: '1.0', release: '1' }, { epoch: 0, version: '1.0', release: '1' })).toBe(0);
  });
});
