import type { KojiBuild, KojiClient } from '@odcs/koji';
import { artifactRpms } from '@odcs/modules';
import { dump, load } from 'js-yaml';

export interface ModuleContentBuild {
  nsvc: string;
  /** The module's content tag, holding its RPM builds. */
  contentTag: string;
  /** The module's modulemd document (YAML). */
  modulemd: string;
  /** NEVRAs the module ships (`name-epoch:version-release.arch`). */
  artifacts: Set<string>;
  /**
   * A `-devel` module (no Koji build of its own, as MBS names them): the content tag's RPMs its
   * non-devel module leaves out; `artifacts` and `modulemd` are then those of the non-devel module.
   */
  devel: boolean;
}

/** The `-devel` module's own modulemd: renamed, with the RPMs it ships as artifacts. */
export function develModulemd(m: ModuleContentBuild, nevras: readonly string[]): string {
  const doc = load(m.modulemd) as { data: Record<string, unknown> };
  doc.data['name'] = m.nsvc.split(':')[0];
  doc.data['artifacts'] = { rpms: [...nevras].sort() };
  return `---\n${dump(doc)}...\n`;
}

/** The Koji module build of an N:S:V:C (NVR `<name>-<stream>-<version>.<context>`) with its content tag and modulemd. */
export async function moduleContentBuild(koji: KojiClient, nsvc: string): Promise<ModuleContentBuild> {
  const [name = '', stream = '', version = '', context = ''] = nsvc.split(':');
  const nvr = `${name}-${stream.replace(/-/g, '_')}-${version}.${context}`;
  let build: KojiBuild | null = await koji.getBuild(nvr);
  const devel = !build && name.endsWith('-devel');
  if (devel) build = await koji.getBuild(nvr.replace(/^(.*)-devel-/, '$1-'));
  if (!build) throw new Error(`Module ${nsvc} has no Koji build ${nvr}`);
  const info = (build.extra?.['typeinfo'] as { module?: Record<string, unknown> } | undefined)?.module;
  const contentTag = info?.['content_koji_tag'];
  const modulemd = info?.['modulemd_str'];
  if (typeof contentTag !== 'string' || typeof modulemd !== 'string') {
    throw new Error(`Koji build ${nvr} of module ${nsvc} has no extra.typeinfo.module content_koji_tag and modulemd_str`);
  }
  return { nsvc, contentTag, modulemd, artifacts: artifactRpms(modulemd), devel };
}
