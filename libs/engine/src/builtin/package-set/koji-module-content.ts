import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { KojiBuild, KojiClient } from '@odcs/koji';
import { artifactRpms } from '@odcs/modules';
import { dump, load } from 'js-yaml';
import { fetchText, type JsonFetchOptions } from '../../sources/json-fetch.js';

/** A module's final modulemd for one compose arch, and the NEVRAs it ships there. */
export interface ArchModulemd {
  modulemd: string;
  /** `name-epoch:version-release.arch` of its `data.artifacts.rpms`. */
  artifacts: Set<string>;
}

export interface ModuleContentBuild {
  nsvc: string;
  /** The module's content tag, holding its RPM builds. */
  contentTag: string;
  /** Compose arch → the module's modulemd there (each compose arch has one). */
  arches: Map<string, ArchModulemd>;
  /**
   * Where the modulemd documents came from: the build's `modulemd.<arch>.txt` Koji archives, the
   * build's `extra.typeinfo.module.modulemd_str` (a build without them), or the MBS (scratch builds).
   */
  origin: 'koji-archive' | 'koji-extra' | 'mbs';
  /**
   * A `-devel` module (no Koji build of its own, as MBS names them): the content tag's RPMs its
   * non-devel module leaves out; `arches` are then those of the non-devel module until
   * {@link develModule} gives it its own.
   */
  devel: boolean;
}

/** The `-devel` module's own modulemd of each arch: renamed, with the RPMs it ships there as artifacts. */
export function develModule(m: ModuleContentBuild, nevras: ReadonlyMap<string, readonly string[]>): ModuleContentBuild {
  const arches = new Map<string, ArchModulemd>();
  for (const [arch, own] of m.arches) {
    const doc = load(own.modulemd) as { data: Record<string, unknown> };
    const rpms = [...(nevras.get(arch) ?? [])].sort();
    doc.data['name'] = m.nsvc.split(':')[0];
    doc.data['artifacts'] = { rpms };
    arches.set(arch, { modulemd: `---\n${dump(doc)}...\n`, artifacts: new Set(rpms) });
  }
  return { ...m, arches };
}

/** Koji's base arch of an RPM arch (pungi.arch.getBaseArch): the arch part of `modulemd.<arch>.txt` names it. */
export function baseArch(arch: string): string {
  if (/^i[3-6]86$/.test(arch) || arch === 'athlon') return 'i386';
  if (/^armv[67]h/.test(arch)) return 'armhfp';
  if (arch === 'ppc64p7') return 'ppc64';
  return arch;
}

export interface ModuleContentOptions {
  /** Compose arches: each needs the module's modulemd for it. */
  arches: readonly string[];
  /** Timeouts and retries of the archive downloads (`net_timeout`, `net_retry_interval`). */
  fetch: JsonFetchOptions;
}

/**
 * The Koji module build of an N:S:V:C (NVR `<name>-<stream>-<version>.<context>`) with its content
 * tag and, for each compose arch, the final modulemd MBS uploaded as the build's `module` archive
 * `modulemd.<arch>.txt` (read from Koji's typedir `<build dir>/files/module/`), as Pungi reads it.
 */
export async function moduleContentBuild(koji: KojiClient, nsvc: string, opts: ModuleContentOptions): Promise<ModuleContentBuild> {
  const [name = '', stream = '', version = '', context = ''] = nsvc.split(':');
  const nvr = `${name}-${stream.replace(/-/g, '_')}-${version}.${context}`;
  let build: KojiBuild | null = await koji.getBuild(nvr);
  const devel = !build && name.endsWith('-devel');
  if (devel) build = await koji.getBuild(nvr.replace(/^(.*)-devel-/, '$1-'));
  if (!build) throw new Error(`Module ${nsvc} has no Koji build ${nvr}`);
  const info = (build.extra?.['typeinfo'] as { module?: Record<string, unknown> } | undefined)?.module;
  const contentTag = info?.['content_koji_tag'];
  if (typeof contentTag !== 'string')
    throw new Error(`Koji build ${build.nvr} of module ${nsvc} has no extra.typeinfo.module.content_koji_tag`);

  const files = new Map<string, string>();
  for (const archive of await koji.listArchives(build.id, 'module')) {
    const m = /^modulemd\.([^.]+)\.txt$/.exec(archive.filename);
    if (m) files.set(baseArch(m[1]!), archive.filename);
  }
  const arches = new Map<string, ArchModulemd>();
  if (files.size === 0) {
    // Pungi skips a build without final per-arch modulemd files (one built before MBS uploaded
    // them); dropping a module the compose's source names would leave the compose short of it
    // without a word, so such a build is composed with the modulemd Koji keeps in its extra.
    const modulemd = info?.['modulemd_str'];
    if (typeof modulemd !== 'string') {
      throw new Error(
        `Koji build ${build.nvr} of module ${nsvc} has no modulemd.<arch>.txt archive and no extra.typeinfo.module.modulemd_str`,
      );
    }
    for (const arch of opts.arches) arches.set(arch, { modulemd, artifacts: artifactRpms(modulemd) });
    return { nsvc, contentTag, arches, origin: 'koji-extra', devel };
  }
  const texts = await Promise.all(
    opts.arches.map(async (arch) => {
      const file = files.get(baseArch(arch));
      if (!file)
        throw new Error(`Module ${nsvc} does not have metadata for arch ${arch} and is not filtered out via filter_modules option.`);
      return readKojiFile(koji.paths.archiveUrl(build, 'module', file), opts.fetch);
    }),
  );
  opts.arches.forEach((arch, i) => {
    const modulemd = texts[i]!;
    try {
      arches.set(arch, { modulemd, artifacts: artifactRpms(modulemd) });
    } catch (e) {
      throw new Error(
        `The modulemd.${baseArch(arch)}.txt archive of Koji build ${build.nvr} is not YAML: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  });
  return { nsvc, contentTag, arches, origin: 'koji-archive', devel };
}

/** A file below Koji's top URL: over HTTP(S), or read directly when koji_top_url is a local directory. */
async function readKojiFile(url: string, fetch: JsonFetchOptions): Promise<string> {
  if (url.startsWith('file:')) return readFile(fileURLToPath(url), 'utf8');
  return fetchText(url, fetch);
}
