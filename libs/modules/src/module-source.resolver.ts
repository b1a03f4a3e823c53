import type { KojiModuleResolver } from './koji/koji-module.resolver.js';
import type { MbsModuleResolver, ModuleResolveRequest } from './mbs/mbs-module.resolver.js';

export interface ModuleSourceRequest extends ModuleResolveRequest {
  /** `modular_koji_tags`: when set, modules are looked up in these Koji tags instead of the MBS. */
  modularKojiTags: readonly string[];
}

/** What a module compose's `source` becomes before generation (CONTRACT §8.3 `module`). */
export class ModuleSourceResolver {
  constructor(
    private readonly mbs: MbsModuleResolver,
    private readonly koji: KojiModuleResolver,
  ) {}

  /** Sorted `name:stream:version:context` list; an empty source stays empty. */
  async resolve(req: ModuleSourceRequest): Promise<string[]> {
    if (req.modules.length === 0) return [];
    if (req.modularKojiTags.length > 0) return this.koji.resolve({ modules: req.modules, tags: req.modularKojiTags, noDeps: req.noDeps });
    return this.mbs.resolve(req);
  }
}
