import { describe, expect, it } from 'vitest';
import { encodeKojiParams } from './koji-call.js';

describe('encodeKojiParams', () => {
  it('passes positional arguments through, undefined as null (<nil/>)', () => {
    expect(encodeKojiParams(['f40', undefined, null, 3])).toEqual(['f40', null, null, 3]);
  });

  it('appends keyword arguments as a __starstar struct, dropping undefined ones', () => {
    expect(encodeKojiParams(['f40'], { event: 12, inherit: true, latest: undefined, package: null })).toEqual([
      'f40',
      { event: 12, inherit: true, package: null, __starstar: true },
    ]);
  });

  it('sends no struct when every keyword is undefined', () => {
    expect(encodeKojiParams([], { event: undefined })).toEqual([]);
    expect(encodeKojiParams()).toEqual([]);
  });
});
