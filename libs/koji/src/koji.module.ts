import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type OptionalFactoryDependency } from '@nestjs/common';
import { KojiClient } from './client/koji.client.js';
import { KojiEventResolver } from './events/koji-event.resolver.js';
import { KOJI_CLIENT_OPTIONS, type KojiClientOptions } from './koji.options.js';

export type KojiModuleOptions = Partial<KojiClientOptions>;

export interface KojiModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => KojiModuleOptions | Promise<KojiModuleOptions>;
  isGlobal?: boolean;
}

const providers = [
  { provide: KojiClient, inject: [KOJI_CLIENT_OPTIONS], useFactory: (o: KojiModuleOptions) => new KojiClient(o) },
  { provide: KojiEventResolver, inject: [KojiClient], useFactory: (c: KojiClient) => new KojiEventResolver(c) },
];

/** Provides {@link KojiClient} and {@link KojiEventResolver} (one event cache per application). */
@Module({})
export class KojiModule {
  static forRoot(options: KojiModuleOptions & { isGlobal?: boolean } = {}): DynamicModule {
    const { isGlobal, ...clientOptions } = options;
    return {
      module: KojiModule,
      global: isGlobal ?? false,
      providers: [{ provide: KOJI_CLIENT_OPTIONS, useValue: clientOptions }, ...providers],
      exports: [KojiClient, KojiEventResolver],
    };
  }

  static forRootAsync(options: KojiModuleAsyncOptions): DynamicModule {
    return {
      module: KojiModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [{ provide: KOJI_CLIENT_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory }, ...providers],
      exports: [KojiClient, KojiEventResolver],
    };
  }
}
