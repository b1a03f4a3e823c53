import { type DynamicModule, Module } from '@nestjs/common';
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
}

/** Provides {@link ModuleSourceResolver}: module compose sources resolved to N:S:V:C lists. */
@Module({})
export class ModulesModule {
  static forRoot(o: ModulesModuleOptions): DynamicModule {
    const client = new MbsClient({ url: o.mbsUrl, timeoutMs: o.timeoutMs, retryDelayMs: o.retryDelayMs });
    return {
      module: ModulesModule,
      providers: [{ provide: ModuleSourceResolver, useValue: new ModuleSourceResolver(new MbsModuleResolver(client, o.baseModuleNames)) }],
      exports: [ModuleSourceResolver],
    };
  }
}
