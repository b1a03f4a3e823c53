/**
 * A ready-made Koji world for tests: tags `odcs-base` ← `odcs-updates` ← `odcs-candidate`
 * (child ← parent), builds with noarch/x86_64/i686/src RPMs, some signed.
 */
import { buildRpms, type BuiltRpm } from '../rpms/build-rpms.js';
import type { KojiHubFixture } from './koji-hub-fixture.js';

export const SIGKEY_A = 'ABCD1234';
export const SIGKEY_B = 'beef5678';

export interface SampleKojiWorld {
  fixture: KojiHubFixture;
  /** Built RPMs by file name (`foo-1.0-1.noarch.rpm`). */
  rpms: Map<string, BuiltRpm>;
}

/**
 * Tag history (one event each, in order):
 *   odcs-base:    odcs-foo-1.0-1, odcs-bar-2.0-1
 *   odcs-updates: odcs-foo-1.1-1
 *   odcs-base:    odcs-baz-0.1-1
 * Inheritance: odcs-candidate → odcs-updates (10) → odcs-base (10).
 * Signatures: odcs-foo-1.0-1 signed with SIGKEY_A; odcs-bar-2.0-1 with SIGKEY_A and SIGKEY_B.
 */
export async function sampleKojiWorld(): Promise<SampleKojiWorld> {
  const all = await buildRpms([
    { name: 'odcs-foo', version: '1.0', release: '1', arch: 'noarch', provides: ['odcs-foo-cap = 1.0'] },
    { name: 'odcs-foo', version: '1.0', release: '1', arch: 'src' },
    { name: 'odcs-foo', version: '1.1', release: '1', arch: 'noarch', provides: ['odcs-foo-cap = 1.1'] },
    { name: 'odcs-foo', version: '1.1', release: '1', arch: 'src' },
    { name: 'odcs-bar', version: '2.0', release: '1', arch: 'x86_64', epoch: 1, requires: ['odcs-foo-cap'] },
    { name: 'odcs-bar', version: '2.0', release: '1', arch: 'i686', epoch: 1, requires: ['odcs-foo-cap'] },
    { name: 'odcs-bar-libs', sourceName: 'odcs-bar', version: '2.0', release: '1', arch: 'x86_64', epoch: 1 },
    { name: 'odcs-bar', version: '2.0', release: '1', arch: 'src', epoch: 1 },
    { name: 'odcs-baz', version: '0.1', release: '1', arch: 'noarch' },
    { name: 'odcs-baz', version: '0.1', release: '1', arch: 'src' },
  ]);
  const rpms = new Map(all.map((r) => [r.filename, r]));
  const pick = (prefix: string): BuiltRpm[] => all.filter((r) => r.filename.startsWith(prefix));
  const fixture: KojiHubFixture = {
    tags: [
      { name: 'odcs-base', arches: ['x86_64', 'i686'] },
      { name: 'odcs-updates', parents: [{ name: 'odcs-base', priority: 10 }] },
      { name: 'odcs-candidate', parents: [{ name: 'odcs-updates', priority: 10 }] },
    ],
    builds: [
      { rpms: pick('odcs-foo-1.0-1.'), signedWith: [SIGKEY_A] },
      { rpms: pick('odcs-foo-1.1-1.') },
      { rpms: [...pick('odcs-bar-2.0-1.'), ...pick('odcs-bar-libs-2.0-1.')], signedWith: [SIGKEY_A, SIGKEY_B] },
      { rpms: pick('odcs-baz-0.1-1.') },
    ],
    tagged: [
      { tag: 'odcs-base', nvr: 'odcs-foo-1.0-1' },
      { tag: 'odcs-base', nvr: 'odcs-bar-2.0-1' },
      { tag: 'odcs-updates', nvr: 'odcs-foo-1.1-1' },
      { tag: 'odcs-base', nvr: 'odcs-baz-0.1-1' },
    ],
  };
  return { fixture, rpms };
}
