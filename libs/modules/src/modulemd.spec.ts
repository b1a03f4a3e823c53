import { describe, expect, it } from 'vitest';
import { runtimeRequires, streamVersionOf } from './modulemd.js';

describe('modulemd helpers', () => {
  it('reads runtime requires of all dependency blocks, merging streams', () => {
    const yaml = [
      'document: modulemd',
      'version: 2',
      'data:',
      '  dependencies:',
      '  - buildrequires: {platform: [el8]}',
      '    requires: {platform: [el8], lib: [2]}',
      '  - requires: {lib: [3], any: []}',
    ].join('\n');
    expect([...runtimeRequires(yaml)]).toEqual([
      ['platform', ['el8']],
      ['lib', ['2', '3']],
      ['any', []],
    ]);
    expect(runtimeRequires(null).size).toBe(0);
    expect(() => runtimeRequires('data: [')).toThrow(/^Invalid modulemd/);
  });

  it('derives stream versions as MBS does', () => {
    expect(streamVersionOf('el8.2.0')).toBe(80200);
    expect(streamVersionOf('f30')).toBe(300000);
    expect(streamVersionOf('master')).toBeNull();
  });
});
