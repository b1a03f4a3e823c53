import { ModuleLookupError } from '../module-lookup.error.js';
import { runtimeRequires, streamVersionOf } from '../modulemd.js';
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

/** A build as resolution keeps it; `requires` are exact N:S:V:C or name:stream items. */
interface Resolved {
  build: MbsModuleBuild;
  name: string;
  extraRequires: string[];
}

/** Module versions are digit strings longer than a double holds exactly: compare them as text. */
function newerVersion(a: string | number, b: string | number): boolean {
  const [x, y] = [String(a), String(b)];
  return x.length !== y.length ? x.length > y.length : x > y;
}

const uid = (r: Resolved) => `${r.name}:${r.build.stream}:${r.build.version}:${r.build.context}`;

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
    const chosen = new Map<string, Resolved>(); // name:stream → first build taken (its version rules)
    const taken = new Map<string, Resolved>(); // N:S:V:C → build
    const queue: Resolved[] = [];
    const add = (r: Resolved) => {
      const key = `${r.name}:${r.build.stream}`;
      const existing = chosen.get(key);
      if (existing && String(existing.build.version) !== String(r.build.version)) {
        throw new ModuleLookupError(`${uid(r)} conflicts with ${uid(existing)}`);
      }
      if (taken.has(uid(r))) return;
      chosen.set(key, r);
      taken.set(uid(r), r);
      queue.push(r);
    };
    for (const item of req.modules) {
      const full = item.split(':').length >= 4;
      for (const r of await this.latest(item, req.includeDone || full, req.baseModule ?? null)) add(r);
    }
    while (!req.noDeps && queue.length > 0) {
      const r = queue.shift() as Resolved;
      const base = this.baseModuleOf(r.build);
      for (const dep of r.extraRequires) for (const d of await this.latest(dep, true, null)) add(d);
      for (const [name, streams] of runtimeRequires(r.build.modulemd)) {
        if (this.baseModuleNames.includes(name)) continue;
        for (const stream of streams.length > 0 ? streams : ['']) {
          const nsvc = stream ? `${name}:${stream}` : name;
          const known = [...chosen.values()].find((c) => c.name === name && (!stream || c.build.stream === stream));
          if (known) continue;
          for (const d of await this.latest(nsvc, req.includeDone, base)) add(d);
        }
      }
    }
    return [...taken.values()]
      .filter((r) => !this.baseModuleNames.includes(r.name))
      .map(uid)
      .sort();
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
    const highest = builds.reduce((a, b) => (newerVersion(b.version, a.version) ? b : a)).version;
    return builds
      .filter((b) => String(b.version) === String(highest))
      .map((b) => ({
        build: b,
        name: devel ? `${b.name}-devel` : b.name,
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
