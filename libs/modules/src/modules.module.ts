import { type DynamicModule, Module } from '@nestjs/common';
import { KojiClient, KojiModule, type KojiModuleOptions } from '@odcs/koji';
import { KojiModuleResolver } from './koji/koji-module.resolver.js';
import { MbsClient } from './mbs/mbs.client.js';
import { MbsModuleResolver } from './mbs/mbs-module.resolver.js';
import { ModuleSourceResolver } from './module-source.resolver.js';

export interface ModulesModuleOptions {
  /** `mbs_url`. */
  mbsUrl: string;
  /** `base_module_names`. */
  baseModuleNames: readonly string[];
  /** `net_timeout` in ms. */
  timeoutMs: number;
  /** `net_retry_interval` in ms. */
  retryDelayMs: number;
  /** The Koji hub for `modular_koji_tags`. */
  koji: KojiModuleOptions;
}

/** Provides {@link ModuleSourceResolver}: module compose sources resolved to N:S:V:C lists. */
@Module({})
export class ModulesModule {
  static forRoot(o: ModulesModuleOptions): DynamicModule {
    const mbs = new MbsModuleResolver(
      new MbsClient({ url: o.mbsUrl, timeoutMs: o.timeoutMs, retryDelayMs: o.retryDelayMs }),
      o.baseModuleNames,
    );
    return {
      module: ModulesModule,
      imports: [KojiModule.forRoot(o.koji)],
      providers: [
        {
          provide: ModuleSourceResolver,
          inject: [KojiClient],
          useFactory: (koji: KojiClient) => new ModuleSourceResolver(mbs, new KojiModuleResolver(koji, o.baseModuleNames)),
        },
      ],
      exports: [ModuleSourceResolver],
    };
  }
}
