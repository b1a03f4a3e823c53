import { pathToFileURL } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { OdcsConfig } from '@odcs/config';
import { KojiModule } from '@odcs/koji';
import { PungiModule } from '@odcs/pungi';
import { BuiltinComposeBuilder } from './builtin/builtin-compose.builder.js';
import { ModuleDefaultsSource } from './builtin/package-set/module-defaults.source.js';
import { BuiltinComposeEngine } from './builtin/builtin.compose-engine.js';
import { HawkeyDependencyResolver } from './builtin/deps/hawkey-dependency.resolver.js';
import { RpmDownloader } from './builtin/download/rpm-downloader.js';
import { KojiPackageSetSource } from './builtin/package-set/koji-package-set.source.js';
import { RepoPackageSetSource } from './builtin/package-set/repo-package-set.source.js';
import { CreaterepoRunner } from './builtin/repo/createrepo.runner.js';
import { ComposeWorkspace } from './common/compose-workspace.js';
import { ExecutableLocator } from './common/executable-locator.js';
import { ProcessRunner } from './common/process-runner.js';
import { RepoFileWriter } from './common/repo-file.writer.js';
import { COMPOSE_ENGINE } from './engine.port.js';
import { ENGINE_OPTIONS, engineOptionsFromConfig, type EngineOptions } from './engine.options.js';
import { PungiComposeEngine } from './pungi/pungi.compose-engine.js';
import { RawConfigComposeEngine } from './pungi/raw-config.compose-engine.js';
import { GitCheckout } from './raw-config/git-checkout.js';
import { PulpRepoMerger } from './pulp/pulp-repo.merger.js';
import { PulpComposeEngine } from './pulp/pulp.compose-engine.js';
import { SelectingComposeEngine } from './selection/selecting.compose-engine.js';
import { PungiComposeResolver } from './sources/pungi-compose.resolver.js';

/** `koji_top_url` as a URL: a local directory becomes a file:// URL (RPMs are then hard-linked). */
export function kojiTopUrl(value: string): string {
  return value.startsWith('/') ? pathToFileURL(value).href : value;
}

/**
 * Provides COMPOSE_ENGINE: a SelectingComposeEngine that hands each compose to the Pungi engine
 * or the built-in engine (compose_engine, compose_engine_overrides). `overrides` adjusts engine
 * options that have no configuration key (download concurrency, python, ...).
 */
@Module({})
export class EngineModule {
  static forRoot(config: OdcsConfig, overrides: Partial<EngineOptions> = {}): DynamicModule {
    const options: EngineOptions = { ...engineOptionsFromConfig(config), ...overrides };
    return {
      module: EngineModule,
      imports: [
        PungiModule,
        KojiModule.forRoot({
          hubUrl: config.koji_hub_url,
          topUrl: kojiTopUrl(config.koji_top_url),
          timeoutMs: config.net_timeout * 1000,
        }),
      ],
      providers: [
        { provide: ENGINE_OPTIONS, useValue: options },
        ExecutableLocator,
        ProcessRunner,
        ComposeWorkspace,
        RepoFileWriter,
        GitCheckout,
        RawConfigComposeEngine,
        PungiComposeEngine,
        KojiPackageSetSource,
        RepoPackageSetSource,
        RpmDownloader,
        HawkeyDependencyResolver,
        CreaterepoRunner,
        BuiltinComposeBuilder,
        ModuleDefaultsSource,
        BuiltinComposeEngine,
        PulpRepoMerger,
        PulpComposeEngine,
        SelectingComposeEngine,
        PungiComposeResolver,
        { provide: COMPOSE_ENGINE, useExisting: SelectingComposeEngine },
      ],
      exports: [COMPOSE_ENGINE, SelectingComposeEngine, PungiComposeResolver],
    };
  }
}
