import type { MbsModuleResolver, ModuleResolveRequest } from './mbs/mbs-module.resolver.js';

/** What a module compose's `source` becomes before generation (CONTRACT §8.3 `module`). */
export class ModuleSourceResolver {
  constructor(private readonly mbs: MbsModuleResolver) {}

  /** Sorted `name:stream:version:context` list; an empty source stays empty. */
  async resolve(req: ModuleResolveRequest): Promise<string[]> {
    if (req.modules.length === 0) return [];
    return this.mbs.resolve(req);
  }
}
