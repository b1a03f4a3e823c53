/**
 * Runs the real EngineModule against the test Koji hub and a temporary target dir:
 *   const h = await startEngineHarness({ config: { compose_engine: 'builtin' } });
 *   const run = await h.generate({ sourceType: 'tag', source: ['eng-tag'] });
 *   await h.close();
 */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { loadConfig, type OdcsConfig } from '@odcs/config';
import {
  COMPOSE_ENGINE,
  EngineModule,
  type ComposeEngine,
  type EngineOptions,
  type GenerationJob,
  type GenerationProgress,
  type GenerationResult,
} from '@odcs/engine';
import { composeDir as composeDirOf, type PungiComposeSpec } from '@odcs/pungi';
import { startKojiHub, type KojiHub } from '../koji/koji-hub.js';
import type { KojiHubFixture } from '../koji/koji-hub-fixture.js';
import { aPungiComposeSpec } from '../pungi/pungi-compose-spec.builder.js';

export const TARGET_DIR_URL = 'http://odcs.test/composes';

export interface HarnessOptions {
  fixture: KojiHubFixture;
  config?: Partial<OdcsConfig>;
  overrides?: Partial<EngineOptions>;
  /** Koji top URL the engine uses instead of the hub's (a proxy, a local dir). */
  topUrl?: (hub: KojiHub) => string | Promise<string>;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Compose on the default target dir: result repo URL under TARGET_DIR_URL (else null → file:// baseurl). */
  onDefaultDir?: boolean;
  takenIds?: string[];
  onProgress?: (p: GenerationProgress) => void;
}

export interface EngineRun {
  result: GenerationResult;
  progress: GenerationProgress[];
  composeDir: string;
  job: GenerationJob;
}

export interface EngineHarness {
  hub: KojiHub;
  config: OdcsConfig;
  targetDir: string;
  engine: ComposeEngine;
  module: TestingModule;
  generate(spec: Partial<PungiComposeSpec>, opts?: RunOptions): Promise<EngineRun>;
  close(): Promise<void>;
}

let nextComposeId = 1;

export async function startEngineHarness(options: HarnessOptions): Promise<EngineHarness> {
  const hub = await startKojiHub(options.fixture);
  const targetDir = await mkdtemp(join(tmpdir(), 'odcs-engine-target-'));
  const config = loadConfig(
    {},
    {
      target_dir: targetDir,
      target_dir_url: TARGET_DIR_URL,
      koji_hub_url: hub.hubUrl,
      koji_top_url: options.topUrl ? await options.topUrl(hub) : hub.topUrl,
      net_timeout: 10,
      net_retry_interval: 0,
      ...options.config,
    },
  );
  const module = await Test.createTestingModule({ imports: [EngineModule.forRoot(config, options.overrides)] }).compile();
  const engine = module.get<ComposeEngine>(COMPOSE_ENGINE);
  return {
    hub,
    config,
    targetDir,
    engine,
    module,
    async generate(partial, opts = {}) {
      const spec = aPungiComposeSpec({ id: nextComposeId++ * 1000 + (process.pid % 1000), ...partial });
      const composeDir = composeDirOf(targetDir, spec.id);
      const taken = new Set(opts.takenIds ?? []);
      const job: GenerationJob = {
        spec,
        targetDir,
        composeDir,
        resultRepoUrl: opts.onDefaultDir ? `${TARGET_DIR_URL}/odcs-${spec.id}/compose/Temporary` : null,
        isComposeIdTaken: (id) => Promise.resolve(taken.has(id)),
      };
      const progress: GenerationProgress[] = [];
      const result = await engine.generate(job, {
        signal: opts.signal ?? new AbortController().signal,
        onProgress: (p) => {
          progress.push(p);
          opts.onProgress?.(p);
        },
      });
      return { result, progress, composeDir, job };
    },
    async close() {
      await module.close();
      await hub.close();
      await rm(targetDir, { recursive: true, force: true });
    },
  };
}
