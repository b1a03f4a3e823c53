import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  COMPOSE_REPOSITORY,
  ComposeJsonPresenter,
  type ComposeProps,
  type ComposeRepository,
  CompleteGenerationCommand,
  FailGenerationCommand,
  FindReuseCandidatesQuery,
  FLAGS,
  RecordProgressCommand,
  REASON_GENERATING,
  resolvedContentProps,
  ReuseComposeCommand,
} from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { COMPOSE_ENGINE, type ComposeEngine, type GenerationProgress, PungiComposeResolver } from '@odcs/engine';
import { KojiError, KojiEventResolver } from '@odcs/koji';
import { ModuleLookupError, ModuleSourceResolver } from '@odcs/modules';
import { OdcsMetrics } from '@odcs/observability';
import { readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BACKEND_ID } from '../backend-identity.js';
import { directoryBytes } from '../storage/directory-bytes.js';
import { toPungiComposeSpec } from './compose-spec.mapper.js';

const PROGRESS_EVERY_MS = 1000;

async function repomdRevision(repoPath: string): Promise<number> {
  const file = join(repoPath, 'repodata', 'repomd.xml');
  const xml = await readFile(file, 'utf8').catch((e: Error) => {
    throw new Error(`Cannot read the repository metadata ${file}: ${e.message}`);
  });
  const revision = /<revision>\s*(\d+)\s*<\/revision>/.exec(xml)?.[1];
  if (!revision) throw new Error(`${file} has no numeric <revision>`);
  return Number(revision);
}

/**
 * Turns one claimed (generating) compose into a finished one: resolve the Koji event, reuse an
 * identical older compose when possible, otherwise run the engine (CONTRACT §8.2–§8.4). Every
 * outcome ends in done or failed with a reason; nothing is left generating.
 */
@Injectable()
export class GenerateComposeRunner {
  private readonly log = new Logger('Generation');

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(COMPOSE_ENGINE) private readonly engine: ComposeEngine,
    private readonly koji: KojiEventResolver,
    private readonly pungiComposes: PungiComposeResolver,
    private readonly modules: ModuleSourceResolver,
    private readonly presenter: ComposeJsonPresenter,
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    @Inject(BACKEND_ID) private readonly backendId: string,
    private readonly metrics: OdcsMetrics,
  ) {}

  async run(claimed: ComposeProps, signal: AbortSignal): Promise<void> {
    const id = claimed.id;
    try {
      const compose = await this.resolve(claimed, signal);
      if (signal.aborted) return;
      if (await this.tryReuse(compose)) return;
      await this.generate(compose, signal);
    } catch (e) {
      const reason = `Error while generating compose: ${e instanceof Error ? e.message : JSON.stringify(e)}`;
      if (e instanceof KojiError || e instanceof ModuleLookupError)
        this.log.warn({ compose_id: id, msg: `compose ${id} failed: ${reason}` });
      else this.log.error({ compose_id: id, msg: `compose ${id} failed: ${(e as Error).stack ?? reason}` });
      await this.commands.execute(new FailGenerationCommand(id, reason, this.backendId));
    }
  }

  /**
   * The "event" a compose is made at (CONTRACT §8.3): Koji's for tag composes (an explicit event
   * is kept), the repomd revision for repo composes, so reuse never serves stale content; Koji's
   * latest event for raw_config composes without one. pungi_compose composes take over the
   * sigkeys, arches, builds and packages of the compose they point at.
   */
  private async resolve(c: ComposeProps, signal: AbortSignal): Promise<ComposeProps> {
    if (c.sourceType === 'module') return this.resolveModules(c);
    if (c.sourceType === 'pungi_compose') {
      const content = await this.pungiComposes.resolve(c.source, signal);
      await this.commands.execute(new RecordProgressCommand(c.id, { content }));
      return { ...c, ...resolvedContentProps(content) };
    }
    const event = await this.sourceEvent(c);
    if (event === null || event === undefined || event === c.kojiEvent) return c;
    await this.commands.execute(new RecordProgressCommand(c.id, { kojiEvent: event }));
    return { ...c, kojiEvent: event };
  }

  private async sourceEvent(c: ComposeProps): Promise<number | null> {
    if (c.sourceType === 'tag') return this.koji.resolveTagEvent(c.source, c.kojiEvent ?? undefined);
    if (c.sourceType === 'repo') return repomdRevision(c.source);
    if (c.sourceType === 'raw_config') return c.kojiEvent ?? this.koji.lastEvent();
    return null;
  }

  /** Module composes: the source becomes the sorted N:S:V:C list (CONTRACT §8.3), so reuse and renew see exact builds. */
  private async resolveModules(c: ComposeProps): Promise<ComposeProps> {
    const has = (flag: number) => (c.flags & flag) === flag;
    const nsvcs = await this.modules.resolve({
      modules: c.source.split(' ').filter(Boolean),
      includeDone: has(FLAGS.include_done_modules),
      noDeps: has(FLAGS.no_deps),
      modularKojiTags: c.modularKojiTags ? c.modularKojiTags.split(' ').filter(Boolean) : [],
      baseModule: c.baseModuleBrName
        ? {
            name: c.baseModuleBrName,
            stream: c.baseModuleBrStream,
            streamVersionLte: c.baseModuleBrStreamVersionLte,
            streamVersionGte: c.baseModuleBrStreamVersionGte,
          }
        : null,
    });
    const source = nsvcs.join(' ');
    if (source !== c.source) await this.commands.execute(new RecordProgressCommand(c.id, { source }));
    return { ...c, source };
  }

  private async tryReuse(c: ComposeProps): Promise<boolean> {
    const candidates = await this.queries.execute(new FindReuseCandidatesQuery(c.id));
    for (const old of candidates) {
      if (c.sourceType === 'tag' && !(old.kojiEvent !== null && (await this.koji.isTagUnchangedSince(c.source, old.kojiEvent)))) continue;
      try {
        const result = await this.commands.execute(new ReuseComposeCommand(c.id, old.id));
        this.log.log({ compose_id: c.id, msg: `compose ${c.id} reuses compose ${old.id} (${result.state})` });
        this.metrics.reuses.inc({ source_type: c.sourceType });
        return true;
      } catch (e) {
        this.log.warn(`compose ${c.id} could not reuse ${old.id}: ${(e as Error).message}`);
      }
    }
    return false;
  }

  private async generate(c: ComposeProps, signal: AbortSignal): Promise<void> {
    const targetDir = c.targetDir ?? this.config.target_dir;
    const dirInfo = await stat(targetDir).catch(() => null);
    if (!dirInfo?.isDirectory()) {
      throw new Error(`Compose target dir doesn't exist or not a directory: ${targetDir} on backend ${hostname()}`);
    }
    await this.commands.execute(new RecordProgressCommand(c.id, { reason: REASON_GENERATING, progress: 'starting' }));
    const composeDir = join(targetDir, `odcs-${c.id}`);
    // A generation starts from nothing: whatever an earlier attempt (a killed or stopped backend) left goes.
    await rm(composeDir, { recursive: true, force: true });
    const json = this.presenter.toJson(c);
    const progress = this.progressReporter(c.id);
    this.log.log({ compose_id: c.id, msg: `compose ${c.id}: generating ${c.sourceType} ${c.source || c.builds || ''}`.trim() });
    const started = process.hrtime.bigint();
    const result = await this.engine.generate(
      {
        spec: toPungiComposeSpec(c),
        targetDir,
        composeDir,
        resultRepoUrl: json['result_repo'] ? String(json['result_repo']) : null,
        composeJson: json,
        pungiConfigDump: c.pungiConfigDump,
        isComposeIdTaken: (pid) => this.composes.isPungiComposeIdTaken(pid),
      },
      { signal, onProgress: progress.report },
    );
    await progress.flush();
    if (signal.aborted) return; // cancelled or taken over: the compose's state was already decided elsewhere
    const outcome = { source_type: c.sourceType, engine: result.engine, outcome: result.ok ? 'done' : 'failed' };
    this.metrics.generationDuration.observe(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    if (result.ok) {
      const sizeBytes = await directoryBytes(composeDir);
      this.log.log({
        compose_id: c.id,
        msg: `compose ${c.id} done by the ${result.engine} engine: ${result.pungiComposeId ?? '(no compose id)'} (${sizeBytes} bytes)`,
      });
      if (result.content) await this.commands.execute(new RecordProgressCommand(c.id, { found: result.content }));
      await this.commands.execute(
        new CompleteGenerationCommand(c.id, result.pungiComposeId, this.backendId, sizeBytes, result.pungiConfigDump),
      );
    } else {
      this.log.warn({ compose_id: c.id, msg: `compose ${c.id} failed in the ${result.engine} engine: ${result.reason.split('\n')[0]}` });
      // Engines return the final reason (CONTRACT §8.2 prefix, bounded, target_dir paths rewritten for the right dir).
      await this.commands.execute(new FailGenerationCommand(c.id, result.reason, this.backendId));
    }
  }

  /** Progress goes to the database at most once a second (it is a UI hint, not a log). */
  private progressReporter(id: number): { report: (p: GenerationProgress) => void; flush: () => Promise<void> } {
    let last = 0;
    let pending: Promise<unknown> = Promise.resolve();
    let latest: string | null = null;
    let written: string | null = null;
    const write = (text: string) => {
      written = text;
      pending = pending.then(() => this.commands.execute(new RecordProgressCommand(id, { progress: text })).catch(() => false));
    };
    return {
      report: (p) => {
        latest = p.total ? `${p.phase} ${p.done ?? 0}/${p.total}: ${p.message}` : `${p.phase}: ${p.message}`;
        if (Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        write(latest);
      },
      flush: async () => {
        if (latest !== null && latest !== written) write(latest);
        await pending;
      },
    };
  }
}
