/**
 * Module content for the built-in engine tests: two module builds in Koji (extra.typeinfo.module,
 * content tags) whose RPMs carry ModularityLabel, and the same modules in an MBS:
 *   hello:2:100:c1  hello-2.0-1.module_c1 (x86_64; requires hello-data), hello-data (noarch);
 *                   hello-extras of the same build is not an artifact (left out)
 *   tools:1:5:t1    tools-1.0-1.module_t1 (noarch)
 */
import type { KojiHubFixture } from '../koji/koji-hub-fixture.js';
import { kojiModuleBuild } from '../koji/koji-module-builds.js';
import { moduleContentTag, type MbsBuildSpec } from '../mbs/mbs-server.js';
import { buildRpms, moduleRpm, type RpmSpec, rpmsOfBuild } from '../rpms/build-rpms.js';

const HELLO = 'hello:2:100:c1';
const TOOLS = 'tools:1:5:t1';
const rpm = moduleRpm;

const SPECS: RpmSpec[] = [
  rpm('hello', '2.0', '1.module_c1', 'x86_64', HELLO, { requires: ['hello-data'] }),
  rpm('hello', '2.0', '1.module_c1', 'src', HELLO),
  rpm('hello-data', '2.0', '1.module_c1', 'noarch', HELLO, { sourceName: 'hello' }),
  rpm('hello-extras', '2.0', '1.module_c1', 'noarch', HELLO, { sourceName: 'hello' }),
  rpm('tools', '1.0', '1.module_t1', 'noarch', TOOLS),
  rpm('tools', '1.0', '1.module_t1', 'src', TOOLS),
];

export const MODULES: MbsBuildSpec[] = [
  {
    name: 'hello',
    stream: '2',
    version: '100',
    context: 'c1',
    platform: 'el8',
    artifacts: ['hello-0:2.0-1.module_c1.x86_64', 'hello-0:2.0-1.module_c1.src', 'hello-data-0:2.0-1.module_c1.noarch'],
  },
  { name: 'tools', stream: '1', version: '5', context: 't1', platform: 'el8', artifacts: ['tools-0:1.0-1.module_t1.noarch'] },
];

export async function moduleWorld(): Promise<KojiHubFixture> {
  const all = await buildRpms(SPECS);
  const of = (nvr: string) => rpmsOfBuild(all, nvr);
  return {
    tags: MODULES.map((m) => ({ name: moduleContentTag(m), arches: ['x86_64'] })),
    builds: [{ rpms: of('hello-2.0-1.module_c1') }, { rpms: of('tools-1.0-1.module_t1') }, ...MODULES.map(kojiModuleBuild)],
    tagged: [
      { tag: moduleContentTag(MODULES[0]!), nvr: 'hello-2.0-1.module_c1' },
      { tag: moduleContentTag(MODULES[1]!), nvr: 'tools-1.0-1.module_t1' },
    ],
  };
}
