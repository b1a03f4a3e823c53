export { MbsClient } from './mbs/mbs.client.js';
export { MbsModuleResolver, type ModuleResolveRequest } from './mbs/mbs-module.resolver.js';
export { MBS_STATE_DONE, MBS_STATE_READY, type MbsClientOptions, type MbsModuleBuild, type MbsPage } from './mbs/mbs.types.js';
export { ModuleLookupError } from './module-lookup.error.js';
export { artifactRpms, runtimeRequires, streamVersionOf } from './modulemd.js';
export { KojiModuleResolver, type KojiModuleResolveRequest } from './koji/koji-module.resolver.js';
export { ModuleSourceResolver, type ModuleSourceRequest } from './module-source.resolver.js';
export { ModulesModule, type ModulesModuleOptions } from './modules.module.js';
