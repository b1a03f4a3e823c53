import { artifactRpms } from '@odcs/modules';
import { fetchJson, type JsonFetchOptions } from '../../sources/json-fetch.js';
import { baseArch, type ArchModulemd, type ModuleContentBuild } from './koji-module-content.js';

/**
 * An MBS scratch module build (`scratch_modules`, N:S:V:C), as Pungi's pkgset_scratch_modules
 * reads it: the build from `<mbs_url>/1/module-builds/?name=&stream=&version=&context=`, its
 * RPMs from the build's `koji_tag`, its final modulemd of each arch from
 * `<mbs_url>/1/final-modulemd/<id>` (an arch it has none for gets none of the module, as in Pungi).
 */
export async function scratchModuleContent(
  mbsUrl: string,
  nsvc: string,
  opts: { arches: readonly string[]; fetch: JsonFetchOptions },
): Promise<ModuleContentBuild> {
  const parts = nsvc.split(':');
  if (parts.length !== 4 || parts.some((p) => p === '')) throw new Error(`Scratch module ${nsvc} is not in N:S:V:C form`);
  const [name, stream, version, context] = parts as [string, string, string, string];
  const api = `${mbsUrl.replace(/\/+$/, '')}/1`;
  const query = new URLSearchParams({ name, stream, version, context, verbose: 'True' });
  const page = (await fetchJson(`${api}/module-builds/?${query.toString()}`, opts.fetch)) as { items?: unknown } | null;
  const build = (Array.isArray(page?.items) ? page.items[0] : undefined) as { id?: unknown; koji_tag?: unknown } | undefined;
  if (!build) throw new Error(`Scratch module ${nsvc} is not in the MBS at ${api}/module-builds/`);
  if (typeof build.koji_tag !== 'string' || !build.koji_tag)
    throw new Error(`The MBS build ${String(build.id)} of scratch module ${nsvc} has no koji_tag`);
  const url = `${api}/final-modulemd/${String(build.id)}`;
  const finals = (await fetchJson(url, opts.fetch)) as Record<string, unknown> | null;
  if (!finals || typeof finals !== 'object' || Array.isArray(finals))
    throw new Error(`The MBS answered ${url} without an arch → modulemd object`);
  const byBase = new Map(Object.entries(finals).map(([arch, text]) => [baseArch(arch), text]));
  const arches = new Map<string, ArchModulemd>();
  for (const arch of opts.arches) {
    const modulemd = byBase.get(baseArch(arch));
    if (typeof modulemd !== 'string') continue;
    try {
      arches.set(arch, { modulemd, artifacts: artifactRpms(modulemd) });
    } catch (e) {
      throw new Error(`The ${arch} modulemd of scratch module ${nsvc} (${url}) is not YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { nsvc, contentTag: build.koji_tag, arches, origin: 'mbs', devel: false };
}
