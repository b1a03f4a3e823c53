import { readFile } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ComposeInfoStore, composeDirName, pungiRelease, type ProductmdComposeInfo } from '@odcs/pungi';
import { ComposeWorkspace } from '../common/compose-workspace.js';
import { formatFailureReason, targetDirRewrite } from '../common/failure-reason.js';
import type { ComposeEngine, GenerationJob, GenerationProgress, GenerationResult } from '../engine.port.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { BUILTIN_SOURCE_TYPES } from '../selection/engine-choice.js';
import { BuiltinComposeBuilder } from './builtin-compose.builder.js';
import { ComposeLog } from './output/compose-log.js';
import { CreaterepoRunner, createrepoMissingReason } from './repo/createrepo.runner.js';
import { selectionPlan } from './selection-plan.js';

const CANCELED: GenerationResult = { ok: false, reason: 'Canceled', engine: 'builtin' };

/**
 * odcs's own compose engine (no Pungi): package set from Koji or a local repo, signed copies,
 * dependency closure, RPMs fetched into a hidden partial tree, createrepo_c, productmd metadata
 * and the .repo file, then the finished `compose/` tree renamed into the compose dir at once.
 */
@Injectable()
export class BuiltinComposeEngine implements ComposeEngine {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    private readonly composeInfo: ComposeInfoStore,
    private readonly workspace: ComposeWorkspace,
    private readonly createrepo: CreaterepoRunner,
    private readonly builder: BuiltinComposeBuilder,
  ) {}

  async generate(
    job: GenerationJob,
    opts: { signal: AbortSignal; onProgress: (p: GenerationProgress) => void },
  ): Promise<GenerationResult> {
    const { spec, composeDir } = job;
    const rewrite = targetDirRewrite(job.targetDir, composeDirName(spec.id), job.resultRepoUrl);
    const fail = (error: string): GenerationResult => ({ ok: false, engine: 'builtin', reason: formatFailureReason({ error, rewrite }) });
    if (opts.signal.aborted) return CANCELED;
    if (!BUILTIN_SOURCE_TYPES.includes(spec.sourceType)) {
      return fail(
        `The built-in compose engine cannot generate ${spec.sourceType} composes (it handles ${BUILTIN_SOURCE_TYPES.join(', ')}); ` +
          `install pungi-koji and set compose_engine to pungi or auto, or compose_engine_overrides {"${spec.sourceType}": "pungi"}.`,
      );
    }
    if (!(await this.createrepo.locate())) return fail(createrepoMissingReason(this.options.createrepoC));

    const timeout = AbortSignal.timeout(this.options.pungiTimeout * 1000);
    const signal = AbortSignal.any([opts.signal, timeout]);
    // The package set is asked for while the compose dir is being set up (neither needs the other).
    const abandon = new AbortController();
    const plan = selectionPlan(spec);
    const packageSet = this.builder.loadPackageSet(job, plan, AbortSignal.any([signal, abandon.signal]), opts.onProgress);
    packageSet.catch(() => undefined); // awaited in build(); when the set-up fails first, its outcome is moot
    let partial: string | null = null;
    let log: ComposeLog | null = null;
    try {
      await this.workspace.begin(job.targetDir, spec.id, composeDir);
      log = new ComposeLog(composeDir);
      await this.workspace.writeStatus(composeDir, 'STARTED');
      log.info(`Compose dir: ${composeDir}`);
      const { pungiComposeId, path } = await this.composeInfo.writeBase({
        composeDir,
        release: pungiRelease(spec.id),
        label: spec.label,
        composeType: spec.composeType,
        now: new Date(),
        isIdTaken: (id) => job.isComposeIdTaken(id),
      });
      const base = JSON.parse(await readFile(path, 'utf8')) as ProductmdComposeInfo;
      log.info(`Compose id: ${pungiComposeId}`);
      partial = await this.workspace.createPartial(job.targetDir, spec.id);
      await this.builder.build({ job, plan, packageSet, root: partial, base, log, signal, onProgress: opts.onProgress });
      signal.throwIfAborted();
      await this.workspace.publish(partial, composeDir, 'compose');
      partial = null;
      await this.workspace.writeComposeId(composeDir, pungiComposeId);
      await this.workspace.writeStatus(composeDir, 'FINISHED');
      log.info(`Compose finished: ${pungiComposeId}`);
      return { ok: true, pungiComposeId, engine: 'builtin' };
    } catch (error) {
      abandon.abort();
      if (partial) await this.workspace.remove(partial).catch(() => undefined);
      if (opts.signal.aborted) {
        await this.workspace.remove(composeDir).catch(() => undefined);
        return CANCELED;
      }
      const message = timeout.aborted
        ? `Compose has taken more time than allowed by configuration (${this.options.pungiTimeout} seconds)`
        : error instanceof Error
          ? error.message
          : String(error);
      log?.error(message);
      await this.workspace.writeStatus(composeDir, 'DOOMED').catch(() => undefined);
      return fail(message);
    }
  }
}
