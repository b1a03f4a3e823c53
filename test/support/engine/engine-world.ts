/**
 * Koji content for the engine tests: real RPMs (rpmbuild) with Requires/Provides, in tags
 *   eng-base   widget-1.0-1, helper-1.0-1, lonely-1.0-1, libfoo-1.0-1
 *   eng-tag    (inherits eng-base) app-1.0-1, widget-2.0-1, broken-1.0-1
 *   eng-signed signed-1.0-1 (keys A, B), alsosigned-1.0-1 (key A), plain-1.0-1 (unsigned)
 *   eng-sigdeps signed-1.0-1, plain-1.0-1, sigapp-1.0-1 (key A) requiring sigdep-1.0-1 (unsigned)
 * app requires `widget >= 2.0` and helper's file /usr/share/helper/helper.txt; widget requires
 * widget-data; broken requires something nothing provides; libfoo carries sonames for multilib.
 */
import type { KojiHubFixture } from '../koji/koji-hub-fixture.js';
import { buildRpms, type BuiltRpm, type RpmSpec } from '../rpms/build-rpms.js';

export const KEY_A = 'AAAA1111';
export const KEY_B = 'bbbb2222';

const rpm = (name: string, version: string, arch: string, extra: Partial<RpmSpec> = {}): RpmSpec => ({
  name,
  version,
  release: '1',
  arch,
  ...extra,
});

const SPECS: RpmSpec[] = [
  rpm('app', '1.0', 'x86_64', { requires: ['widget >= 2.0', '/usr/share/helper/helper.txt'] }),
  rpm('app', '1.0', 'i686', { requires: ['widget >= 2.0', '/usr/share/helper/helper.txt'] }),
  rpm('app', '1.0', 'src'),
  rpm('widget', '1.0', 'x86_64', { provides: ['widget-api = 1'] }),
  rpm('widget', '2.0', 'x86_64', { provides: ['widget-api = 2'], requires: ['widget-data'] }),
  rpm('widget', '2.0', 'i686', { provides: ['widget-api = 2'], requires: ['widget-data'] }),
  rpm('widget-data', '2.0', 'noarch', { sourceName: 'widget' }),
  rpm('helper', '1.0', 'noarch'),
  rpm('lonely', '1.0', 'noarch'),
  rpm('broken', '1.0', 'noarch', { requires: ['does-not-exist >= 1'] }),
  rpm('libfoo', '1.0', 'x86_64', { provides: ['libfoo.so.1()(64bit)'] }),
  rpm('libfoo', '1.0', 'i686', { provides: ['libfoo.so.1'] }),
  rpm('libfoo-devel', '1.0', 'x86_64', { sourceName: 'libfoo', requires: ['libfoo'] }),
  rpm('libfoo-devel', '1.0', 'i686', { sourceName: 'libfoo', requires: ['libfoo'] }),
  rpm('signed', '1.0', 'noarch'),
  rpm('alsosigned', '1.0', 'noarch'),
  rpm('plain', '1.0', 'noarch'),
  rpm('sigapp', '1.0', 'noarch', { requires: ['sigdep'] }),
  rpm('sigdep', '1.0', 'noarch'),
];

export interface EngineWorld {
  fixture: KojiHubFixture;
  /** Built RPMs by file name. */
  rpms: Map<string, BuiltRpm>;
}

export async function engineWorld(): Promise<EngineWorld> {
  const all = await buildRpms(SPECS);
  const rpms = new Map(all.map((r) => [r.filename, r]));
  const build = (nvr: string): BuiltRpm[] => all.filter((r) => (r.sourcerpm ?? r.filename).startsWith(`${nvr}.`));
  const fixture: KojiHubFixture = {
    tags: [
      { name: 'eng-base', arches: ['x86_64', 'i686'] },
      { name: 'eng-tag', parents: [{ name: 'eng-base', priority: 10 }] },
      { name: 'eng-signed' },
      { name: 'eng-sigdeps' },
    ],
    builds: [
      { rpms: build('app-1.0-1') },
      { rpms: build('widget-1.0-1') },
      { rpms: build('widget-2.0-1') },
      { rpms: build('helper-1.0-1') },
      { rpms: build('lonely-1.0-1') },
      { rpms: build('broken-1.0-1') },
      { rpms: build('libfoo-1.0-1') },
      { rpms: build('signed-1.0-1'), signedWith: [KEY_A, KEY_B] },
      { rpms: build('alsosigned-1.0-1'), signedWith: [KEY_A] },
      { rpms: build('plain-1.0-1') },
      { rpms: build('sigapp-1.0-1'), signedWith: [KEY_A] },
      { rpms: build('sigdep-1.0-1') },
    ],
    tagged: [
      { tag: 'eng-base', nvr: 'widget-1.0-1' },
      { tag: 'eng-base', nvr: 'helper-1.0-1' },
      { tag: 'eng-base', nvr: 'lonely-1.0-1' },
      { tag: 'eng-base', nvr: 'libfoo-1.0-1' },
      { tag: 'eng-tag', nvr: 'app-1.0-1' },
      { tag: 'eng-tag', nvr: 'widget-2.0-1' },
      { tag: 'eng-tag', nvr: 'broken-1.0-1' },
      { tag: 'eng-signed', nvr: 'signed-1.0-1' },
      { tag: 'eng-signed', nvr: 'alsosigned-1.0-1' },
      { tag: 'eng-signed', nvr: 'plain-1.0-1' },
      { tag: 'eng-sigdeps', nvr: 'signed-1.0-1' },
      { tag: 'eng-sigdeps', nvr: 'plain-1.0-1' },
      { tag: 'eng-sigdeps', nvr: 'sigapp-1.0-1' },
      { tag: 'eng-sigdeps', nvr: 'sigdep-1.0-1' },
    ],
  };
  return { fixture, rpms };
}
