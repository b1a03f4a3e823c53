import { describe, expect, it } from 'vitest';
import { toBuild, toRpm, toTag } from './koji.mappers.js';

describe('Koji mappers', () => {
  it('reads <i8> integers (strings) as numbers', () => {
    const rpm = toRpm({
      id: '5000000000',
      build_id: 7,
      name: 'a',
      version: '1',
      release: '2',
      arch: 'x86_64',
      epoch: null,
      size: '3000000000',
      buildtime: 1,
    });
    expect(rpm).toMatchObject({ id: 5_000_000_000, size: 3_000_000_000, epoch: null, nvra: 'a-1-2.x86_64', externalRepoId: 0 });
    expect('sigkey' in rpm).toBe(false);
  });

  it('keeps a null sigkey (unsigned) apart from no sigkey column', () => {
    expect(toRpm({ id: 1, build_id: 1, name: 'a', version: '1', release: '1', arch: 'noarch', sigkey: null }).sigkey).toBeNull();
    expect(toRpm({ id: 1, build_id: 1, name: 'a', version: '1', release: '1', arch: 'noarch', sigkey: 'ABCD' }).sigkey).toBe('abcd');
  });

  it('splits tag arches and tolerates a nil arches field', () => {
    expect(toTag({ id: 1, name: 't', arches: 'x86_64  aarch64' }).arches).toEqual(['x86_64', 'aarch64']);
    expect(toTag({ id: 1, name: 't', arches: null }).arches).toEqual([]);
  });

  it('fills build fields Koji may leave out', () => {
    expect(toBuild({ id: 3, package_id: 4, name: 'p', version: '1', release: '1', epoch: null })).toMatchObject({
      id: 3,
      packageName: 'p',
      nvr: 'p-1-1',
      volumeName: 'DEFAULT',
      state: 1,
      creationEventId: null,
    });
  });

  it('refuses a non-numeric id with what it got', () => {
    expect(() => toTag({ id: 'x', name: 't' })).toThrow('expected an integer from Koji, got "x"');
  });
});
