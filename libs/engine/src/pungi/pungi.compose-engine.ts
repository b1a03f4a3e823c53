import { Inject, Injectable } from '@nestjs/common';
import {
  buildPungiFiles,
  ComposeInfoStore,
  composeDirName,
  PUNGI_RUNNER,
  pungiRelease,
  type PungiConfigFiles,
  type PungiRunner,
} from '@odcs/pungi';
import { ComposeWorkspace } from '../common/compose-workspace.js';
import { formatFailureReason, targetDirRewrite } from '../common/failure-reason.js';
import { RepoFileWriter } from '../common/repo-file.writer.js';
import { checkRequestedPackages } from '../common/requested-packages.js';
import type { ComposeEngine, GenerationJob, GenerationProgress, GenerationResult } from '../engine.port.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { pungiRunOutcome } from './pungi-run-outcome.js';
import { RawConfigComposeEngine } from './raw-config.compose-engine.js';

const CANCELED: GenerationResult = { ok: false, reason: 'Canceled', engine: 'pungi' };

/**
 * Generates a compose with pungi-koji (§8.4 steps 3–9): config files into a temp dir,
 * composeinfo-base.json into the compose dir, Pungi run with its timeout, then the .repo file,
 * the compose id from composeinfo.json and the requested-packages check.
 */
@Injectable()
export class PungiComposeEngine implements ComposeEngine {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    @Inject(PUNGI_RUNNER) private readonly runner: PungiRunner,
    private readonly composeInfo: ComposeInfoStore,
    private readonly workspace: ComposeWorkspace,
    private readonly repoFiles: RepoFileWriter,
    private readonly rawConfig: RawConfigComposeEngine,
  ) {}

  async generate(
    job: GenerationJob,
    opts: { signal: AbortSignal; onProgress: (p: GenerationProgress) => void },
  ): Promise<GenerationResult> {
    if (job.spec.sourceType === 'raw_config') return this.rawConfig.generate(job, opts);
    const { spec, composeDir } = job;
    const rewrite = targetDirRewrite(job.targetDir, composeDirName(spec.id), job.resultRepoUrl);
    const fail = (error: string, logErrors?: string, rewritten = false): GenerationResult => ({
      ok: false,
      engine: 'pungi',
      reason: formatFailureReason({ error, logErrors, rewrite: rewritten ? null : rewrite }),
    });
    if (opts.signal.aborted) return CANCELED;
    let files: PungiConfigFiles;
    try {
      files = buildPungiFiles(spec, { kojiProfile: this.options.kojiProfile, mbsUrl: this.options.mbsUrl });
    } catch (error) {
      return fail(messageOf(error));
    }
    try {
      await this.workspace.begin(job.targetDir, spec.id, composeDir);
      opts.onProgress({ phase: 'prepare', message: 'Writing composeinfo-base.json' });
      const base = await this.composeInfo.writeBase({
        composeDir,
        release: pungiRelease(spec.id),
        label: spec.label,
        composeType: spec.composeType,
        now: new Date(),
        isIdTaken: (id) => job.isComposeIdTaken(id),
      });
      opts.onProgress({ phase: 'pungi', message: `Running ${this.options.pungiKoji}` });
      const run = await this.runner.run({
        command: { pungiKoji: this.options.pungiKoji, composeDir, extraArgs: this.options.pungiKojiArgs, spec },
        files: { ...files },
        timeoutSeconds: this.options.pungiTimeout,
        signal: opts.signal,
        logRewrite: rewrite ?? undefined,
      });
      const outcome = pungiRunOutcome(run, opts.signal);
      if (outcome.kind === 'cancelled') {
        await this.workspace.remove(composeDir);
        return CANCELED;
      }
      if (outcome.kind === 'failed') return fail(outcome.error, outcome.logErrors, true);
      opts.onProgress({ phase: 'metadata', message: 'Writing the .repo file' });
      await this.repoFiles.write(job);
      const pungiComposeId = (await this.composeInfo.readComposeId(composeDir)) ?? base.pungiComposeId;
      const missing = await checkRequestedPackages(composeDir, spec.packages);
      if (missing) return fail(missing);
      return { ok: true, pungiComposeId, engine: 'pungi' };
    } catch (error) {
      if (opts.signal.aborted) {
        await this.workspace.remove(composeDir);
        return CANCELED;
      }
      return fail(messageOf(error));
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
