import { ModuleLookupError } from '../module-lookup.error.js';
import { runtimeRequires, streamVersionOf } from '../modulemd.js';
import { highestVersion, type ModuleEntry, ModuleSet } from '../module-set.js';
import type { MbsClient } from './mbs.client.js';
import type { BaseModuleBr, MbsModuleBuild } from './mbs.types.js';

export interface ModuleResolveRequest {
  /** `name:stream[:version[:context]]` items of the compose source. */
  modules: readonly string[];
  /** Flag `include_done_modules`. */
  includeDone: boolean;
  /** Flag `no_deps`: runtime dependencies are not added. */
  noDeps: boolean;
  /** The compose's `base_module_br_*` fields (apply to the requested modules, not to dependencies). */
  baseModule?: BaseModuleBr | null;
}

/** A build as resolution keeps it; `extraRequires` are exact N:S:V:C (a -devel module's non-devel one). */
interface Resolved extends ModuleEntry {
  build: MbsModuleBuild;
  extraRequires: string[];
}

/**
 * Module composes against the MBS (CONTRACT §8.3): the latest ready builds of each item (all
 * contexts of the highest version), `-devel` modules, runtime dependencies, conflicts.
 */
export class MbsModuleResolver {
  constructor(
    private readonly mbs: MbsClient,
    private readonly baseModuleNames: readonly string[],
  ) {}

  /** The sorted N:S:V:C list the compose's source becomes. */
  async resolve(req: ModuleResolveRequest): Promise<string[]> {
    const set = new ModuleSet<Resolved>();
    // The requested items are looked up at once, and added in their order (which names a conflict).
    const found = await Promise.allSettled(
      req.modules.map((item) => this.latest(item, req.includeDone || item.split(':').length >= 4, req.baseModule ?? null)),
    );
    for (const outcome of found) {
      if (outcome.status === 'rejected') throw outcome.reason;
      for (const r of outcome.value) set.add(r);
    }
    for (let r = set.next(); r && !req.noDeps; r = set.next()) {
      const base = this.baseModuleOf(r.build);
      for (const dep of r.extraRequires) for (const d of await this.latest(dep, true, null)) set.add(d);
      for (const [name, streams] of runtimeRequires(r.build.modulemd)) {
        if (this.baseModuleNames.includes(name)) continue;
        for (const stream of streams.length > 0 ? streams : ['']) {
          if (set.has(name, stream)) continue;
          for (const d of await this.latest(stream ? `${name}:${stream}` : name, req.includeDone, base)) set.add(d);
        }
      }
    }
    return set.nsvcs(this.baseModuleNames);
  }

  /** All contexts of the highest version of `nsvc`; a missing `-devel` module is its non-devel one renamed. */
  private async latest(nsvc: string, includeDone: boolean, base: BaseModuleBr | null): Promise<Resolved[]> {
    let builds = await this.mbs.moduleBuilds({ nsvc, includeDone, baseModule: base });
    const [name = ''] = nsvc.split(':');
    let devel = false;
    if (builds.length === 0 && name.endsWith('-devel')) {
      builds = await this.mbs.moduleBuilds({ nsvc: nsvc.replace(/^[^:]*-devel/, name.slice(0, -6)), includeDone, baseModule: base });
      devel = true;
    }
    if (builds.length === 0) {
      throw new ModuleLookupError(`Failed to find module ${nsvc} in ${includeDone ? 'ready or done' : 'ready'} state in the MBS.`);
    }
    return highestVersion(builds).map((b) => ({
      build: b,
      name: devel ? `${b.name}-devel` : b.name,
      stream: b.stream,
      version: String(b.version),
      context: b.context,
      extraRequires: devel ? [`${b.name}:${b.stream}:${b.version}:${b.context}`] : [],
    }));
  }

  private baseModuleOf(build: MbsModuleBuild): BaseModuleBr | null {
    for (const name of this.baseModuleNames) {
      const br = build.buildrequires?.[name];
      if (!br?.stream) continue;
      const version = br.stream_version ?? streamVersionOf(br.stream);
      // Dependencies built against the same base module major version, no newer than this build's.
      if (version === null) return { name, stream: br.stream };
      return { name, streamVersionLte: version, streamVersionGte: Math.floor(version / 10000) * 10000 };
    }
    return null;
  }
}
