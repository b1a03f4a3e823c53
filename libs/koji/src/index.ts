export { kojiTagCacheKey, type KojiTagCacheKeyInput } from './cache/koji-tag-cache-key.js';
export { KojiClient } from './client/koji.client.js';
export { KojiPaths, type KojiBuildRef, type KojiRpmRef } from './client/koji.paths.js';
export type {
  KojiArchive,
  KojiBuild,
  KojiEvent,
  KojiInheritanceLink,
  KojiRpm,
  KojiRpmSignature,
  KojiTag,
  KojiTaggedBuild,
  KojiTaggedRpms,
  ListTaggedOptions,
  ListTaggedRpmsOptions,
} from './client/koji.types.js';
export { KojiEventResolver } from './events/koji-event.resolver.js';
export {
  KojiBadResponseError,
  KojiConnectionFailedError,
  KojiError,
  KojiFaultError,
  KojiUnknownBuildsError,
  KojiUnknownTagError,
  KojiUnreachableError,
  type KojiErrorCode,
} from './koji.errors.js';
export { KojiModule, type KojiModuleAsyncOptions, type KojiModuleOptions } from './koji.module.js';
export { DEFAULT_KOJI_CLIENT_OPTIONS, KOJI_CLIENT_OPTIONS, resolveKojiClientOptions, type KojiClientOptions } from './koji.options.js';
export type { KojiCall } from './transport/koji-call.js';
export { XmlRpcTransport, type MulticallResult, type XmlRpcTransportOptions } from './transport/xmlrpc.transport.js';
