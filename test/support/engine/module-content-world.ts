/**
 * Module content for the built-in engine's module tests beyond the basics (module-world.ts):
 *   web:1:10:w1     web-1.0-1.module_w1 (x86_64; requires web-lib), web-lib (x86_64 and i686),
 *                   signed with SIGKEY; its modulemd.x86_64.txt archive lists all three, while the
 *                   build's extra modulemd_str lists web alone (so the archive is what is read)
 *   old:1:1:o1      an old build without modulemd archives (an image archive named modulemd.x86_64.txt
 *                   aside): only extra.typeinfo.module.modulemd_str
 *   armonly:1:1:a1  a build whose only final modulemd is modulemd.aarch64.txt
 *   scr:1:7:s1      an MBS scratch module build (no Koji build), its RPMs in the Koji tag scrmod-scr-1-7-s1
 *   web-3.0-1       a non-modular build of a package named like the module's (higher version)
 */
import type { KojiHubFixture } from '../koji/koji-hub-fixture.js';
import { kojiModuleBuild } from '../koji/koji-module-builds.js';
import { moduleContentTag, type MbsBuildSpec } from '../mbs/mbs-server.js';
import { buildRpms, moduleRpm, type RpmSpec, rpmsOfBuild } from '../rpms/build-rpms.js';

export const SIGKEY = 'feed1234';
const WEB = 'web:1:10:w1';
const rpm = moduleRpm;

const SPECS: RpmSpec[] = [
  rpm('web', '1.0', '1.module_w1', 'x86_64', WEB, { requires: ['web-lib'] }),
  rpm('web', '1.0', '1.module_w1', 'src', WEB),
  rpm('web-lib', '1.0', '1.module_w1', 'x86_64', WEB, { sourceName: 'web' }),
  rpm('web-lib', '1.0', '1.module_w1', 'i686', WEB, { sourceName: 'web' }),
  rpm('old', '1.0', '1.module_o1', 'noarch', 'old:1:1:o1'),
  rpm('old', '1.0', '1.module_o1', 'src', 'old:1:1:o1'),
  rpm('armonly', '1.0', '1.module_a1', 'noarch', 'armonly:1:1:a1'),
  rpm('armonly', '1.0', '1.module_a1', 'src', 'armonly:1:1:a1'),
  rpm('scr', '1.0', '1.module_s1', 'noarch', 'scr:1:7:s1'),
  rpm('scr', '1.0', '1.module_s1', 'src', 'scr:1:7:s1'),
  rpm('web', '3.0', '1', 'x86_64', null),
  rpm('web', '3.0', '1', 'src', null),
];

export const CONTENT_MODULES: Record<'web' | 'old' | 'armonly' | 'scr', MbsBuildSpec> = {
  web: {
    name: 'web',
    stream: '1',
    version: '10',
    context: 'w1',
    platform: 'el8',
    artifacts: ['web-0:1.0-1.module_w1.x86_64'],
    archArtifacts: {
      x86_64: [
        'web-0:1.0-1.module_w1.x86_64',
        'web-0:1.0-1.module_w1.src',
        'web-lib-0:1.0-1.module_w1.x86_64',
        'web-lib-0:1.0-1.module_w1.i686',
      ],
    },
  },
  old: {
    name: 'old',
    stream: '1',
    version: '1',
    context: 'o1',
    platform: 'el8',
    artifacts: ['old-0:1.0-1.module_o1.noarch'],
    noArchives: true,
  },
  armonly: {
    name: 'armonly',
    stream: '1',
    version: '1',
    context: 'a1',
    platform: 'el8',
    archArtifacts: { aarch64: ['armonly-0:1.0-1.module_a1.noarch'] },
  },
  scr: {
    name: 'scr',
    stream: '1',
    version: '7',
    context: 's1',
    platform: 'el8',
    scratch: true,
    artifacts: ['scr-0:1.0-1.module_s1.noarch'],
  },
};

export async function moduleContentWorld(): Promise<KojiHubFixture> {
  const all = await buildRpms(SPECS);
  const of = (nvr: string) => rpmsOfBuild(all, nvr);
  const { web, old, armonly, scr } = CONTENT_MODULES;
  return {
    tags: [...[web, old, armonly, scr].map((m) => ({ name: moduleContentTag(m), arches: ['x86_64', 'i686'] }))],
    builds: [
      { rpms: of('web-1.0-1.module_w1'), signedWith: [SIGKEY] },
      { rpms: of('old-1.0-1.module_o1') },
      { rpms: of('armonly-1.0-1.module_a1') },
      { rpms: of('scr-1.0-1.module_s1') },
      { rpms: of('web-3.0-1'), signedWith: [SIGKEY] },
      kojiModuleBuild(web),
      // An image archive named like a modulemd file is not one (only `module` archives are read).
      { ...kojiModuleBuild(old), archives: [{ filename: 'modulemd.x86_64.txt', btype: 'image', text: 'not: [a modulemd\n' }] },
      kojiModuleBuild(armonly),
    ],
    tagged: [
      { tag: moduleContentTag(web), nvr: 'web-1.0-1.module_w1' },
      { tag: moduleContentTag(old), nvr: 'old-1.0-1.module_o1' },
      { tag: moduleContentTag(armonly), nvr: 'armonly-1.0-1.module_a1' },
      { tag: moduleContentTag(scr), nvr: 'scr-1.0-1.module_s1' },
    ],
  };
}
