import type { KojiBuild, KojiClient } from '@odcs/koji';
import { ModuleLookupError } from '../module-lookup.error.js';
import { highestVersion, type ModuleEntry, ModuleSet } from '../module-set.js';
import { runtimeRequires } from '../modulemd.js';

export interface KojiModuleResolveRequest {
  modules: readonly string[];
  /** `modular_koji_tags`, in the order given. */
  tags: readonly string[];
  noDeps: boolean;
}

interface KojiModule extends ModuleEntry {
  buildId: number;
}

/** N:S:V:C of a Koji module build: name, version (stream, `-` stored as `_`), release `<version>.<context>`. */
function moduleOf(b: KojiBuild): KojiModule | null {
  const info = (b.extra?.['typeinfo'] as { module?: Record<string, unknown> } | undefined)?.module;
  const dot = b.release.lastIndexOf('.');
  if (!info && dot < 0) return null;
  return {
    buildId: b.id,
    name: typeof info?.['name'] === 'string' ? info['name'] : b.name,
    stream: typeof info?.['stream'] === 'string' ? info['stream'] : b.version.replace(/_/g, '-'),
    version:
      typeof info?.['version'] === 'string' || typeof info?.['version'] === 'number' ? String(info['version']) : b.release.slice(0, dot),
    context: typeof info?.['context'] === 'string' ? info['context'] : b.release.slice(dot + 1),
  };
}

/**
 * Module composes against Koji `modular_koji_tags` (CONTRACT §8.3): latest build per name:stream
 * among the tags (the top-most tag of the inheritance providing it wins), all contexts of its
 * version; explicit N:S:V[:C] by build search; runtime dependencies other than base modules.
 */
export class KojiModuleResolver {
  constructor(
    private readonly koji: KojiClient,
    private readonly baseModuleNames: readonly string[],
  ) {}

  async resolve(req: KojiModuleResolveRequest): Promise<string[]> {
    const tagged = new Map<string, Promise<Array<KojiModule & { tagId: number }>>>();
    const inTag = (tag: string) => {
      let p = tagged.get(tag);
      if (!p) {
        p = this.koji.listTagged(tag, { inherit: true, type: 'module' }).then((builds) =>
          builds.flatMap((b) => {
            const m = moduleOf(b);
            return m ? [{ ...m, tagId: b.tagId }] : [];
          }),
        );
        tagged.set(tag, p);
      }
      return p;
    };
    const latest = async (name: string, stream: string): Promise<KojiModule[]> => {
      const candidates: KojiModule[] = [];
      for (const tag of req.tags) {
        const builds = (await inTag(tag)).filter((m) => m.name === name && (!stream || m.stream === stream));
        const top = builds[0]?.tagId; // listTagged lists the tag first, then its parents in inheritance order
        candidates.push(...builds.filter((m) => m.tagId === top));
      }
      const chosen = highestVersion(candidates);
      if (chosen.length === 0) {
        throw new ModuleLookupError(
          `Failed to find module ${stream ? `${name}:${stream}` : name} in the Koji tags ${req.tags.join(', ')}.`,
        );
      }
      return chosen;
    };
    const set = new ModuleSet<KojiModule>();
    for (const item of req.modules) {
      const [name = '', stream = '', version, context] = item.split(':');
      const found = version ? await this.search(item, name, stream, version, context) : await latest(name, stream);
      found.forEach((m) => set.add(m));
    }
    for (let m = set.next(); m && !req.noDeps; m = set.next()) {
      const build = await this.koji.getBuild(m.buildId);
      const info = (build?.extra?.['typeinfo'] as { module?: { modulemd_str?: string } } | undefined)?.module;
      for (const [name, streams] of runtimeRequires(info?.modulemd_str)) {
        if (this.baseModuleNames.includes(name)) continue;
        for (const stream of streams.length > 0 ? streams : ['']) {
          if (!set.has(name, stream)) (await latest(name, stream)).forEach((d) => set.add(d));
        }
      }
    }
    return set.nsvcs(this.baseModuleNames);
  }

  /** An explicit N:S:V[:C] by Koji build search, all contexts when none is given. */
  private async search(item: string, name: string, stream: string, version: string, context?: string): Promise<KojiModule[]> {
    const hits = await this.koji.searchBuilds(`${name}-${stream.replace(/-/g, '_')}-${version}.${context ?? '*'}`);
    const builds = hits.length > 0 ? await this.koji.getBuilds(hits.map((h) => h.nvr)) : [];
    const found = builds.flatMap((b) => {
      const m = moduleOf(b);
      return m && m.name === name && m.stream === stream && m.version === version ? [m] : [];
    });
    if (found.length === 0) throw new ModuleLookupError(`Failed to find module build ${item} in Koji.`);
    return found;
  }
}
