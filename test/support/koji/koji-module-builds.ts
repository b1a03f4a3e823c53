import { finalModulemds, modulemdYaml, moduleContentTag, type MbsBuildSpec } from '../mbs/mbs-server.js';
import type { HubBuildFixture } from './koji-hub-fixture.js';

/**
 * A Koji module build as MBS imports it: NVR `<name>-<stream>-<version>.<context>`, `extra.typeinfo.module`
 * with the modulemd, and the module archives `modulemd.txt` and `modulemd.<arch>.txt` (the final
 * modulemd of each arch) unless `noArchives`.
 */
export function kojiModuleBuild(m: MbsBuildSpec): HubBuildFixture {
  return {
    name: m.name,
    version: m.stream.replace(/-/g, '_'),
    release: `${m.version}.${m.context}`,
    rpms: [],
    archives: m.noArchives
      ? []
      : [
          { filename: 'modulemd.txt', text: modulemdYaml({ ...m, artifacts: undefined }) },
          ...Object.entries(finalModulemds(m)).map(([arch, text]) => ({ filename: `modulemd.${arch}.txt`, text })),
        ],
    extra: {
      typeinfo: {
        module: {
          name: m.name,
          stream: m.stream,
          version: m.version,
          context: m.context,
          content_koji_tag: moduleContentTag(m),
          modulemd_str: modulemdYaml(m),
        },
      },
    },
  };
}

/** The NVR of {@link kojiModuleBuild}'s build. */
export const kojiModuleNvr = (m: MbsBuildSpec): string => `${m.name}-${m.stream.replace(/-/g, '_')}-${m.version}.${m.context}`;
