import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ComposeInfoStore, composeDirName, composeFiles, PUNGI_RUNNER, type PungiRunner } from '@odcs/pungi';
import { ComposeWorkspace } from '../common/compose-workspace.js';
import { formatFailureReason } from '../common/failure-reason.js';
import { ProcessRunner } from '../common/process-runner.js';
import type { GenerationJob, GenerationProgress, GenerationResult } from '../engine.port.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { pungiRunOutcome } from './pungi-run-outcome.js';
import { GitCheckout } from '../raw-config/git-checkout.js';
import { DEFAULT_RAW_CONFIG_WRAPPER, simpleAssignments, writeRawConfigFiles } from '../raw-config/raw-config-files.js';
import { linkRawConfigCompose } from '../raw-config/raw-config-links.js';

const CANCELED: GenerationResult = { ok: false, reason: 'Canceled', engine: 'pungi' };
const DUMP_TYPES = new Set(['production', 'development']);

/**
 * Generates a raw_config compose with pungi-koji (§9.3, §8.4, §9.8): the configured git
 * repository checked out at the requested commit into a temp dir, the wrapper rendered around it,
 * optional pungi-config-validate, Pungi with the entry's args and timeout, then the symlinks
 * and, for production/development composes, the config dump.
 */
@Injectable()
export class RawConfigComposeEngine {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    @Inject(PUNGI_RUNNER) private readonly runner: PungiRunner,
    private readonly composeInfo: ComposeInfoStore,
    private readonly workspace: ComposeWorkspace,
    private readonly git: GitCheckout,
    private readonly processes: ProcessRunner,
  ) {}

  async generate(
    job: GenerationJob,
    opts: { signal: AbortSignal; onProgress: (p: GenerationProgress) => void },
  ): Promise<GenerationResult> {
    const { spec, composeDir } = job;
    const rewrite = this.rewriteOf(job);
    const fail = (error: string, logErrors?: string, rewritten = false): GenerationResult => ({
      ok: false,
      engine: 'pungi',
      reason: formatFailureReason({ error, logErrors, rewrite: rewritten ? null : rewrite }),
    });
    const [name = '', clientCommit = ''] = (spec.source[0] ?? '').split('#');
    const entry = Object.hasOwn(this.options.rawConfigUrls, name) ? this.options.rawConfigUrls[name] : undefined;
    if (!entry) return fail(`Unknown raw_config source "${name}": it is not in raw_config_urls of backend configuration.`);
    if (opts.signal.aborted) return CANCELED;
    const tmp = await mkdtemp(join(tmpdir(), `odcs-raw-config-${spec.id}-`));
    try {
      await this.workspace.begin(job.targetDir, spec.id, composeDir);
      const commit = entry.commit || clientCommit;
      opts.onProgress({ phase: 'prepare', message: `Checking out ${entry.url} at ${commit}` });
      const repoDir = join(tmp, 'raw_config_repo');
      const hash = await this.git.checkout(entry.url, commit, repoDir, opts.signal);
      const configDir = join(tmp, 'config');
      const wrapperPath = entry.raw_config_wrapper || this.options.rawConfigWrapperConfPath;
      const wrapper = wrapperPath
        ? await readFile(wrapperPath, 'utf8').catch((e: Error) => {
            throw new Error(`Cannot read the raw config wrapper ${wrapperPath}: ${e.message}`);
          })
        : DEFAULT_RAW_CONFIG_WRAPPER;
      const mainConfig = await writeRawConfigFiles({
        repoDir,
        path: entry.path,
        configFilename: entry.config_filename,
        wrapper,
        compose: job.composeJson ?? {},
        pungiConfigDump: job.pungiConfigDump ?? null,
        configDir,
      });
      await writeFile(join(composeDir, 'raw_config_commit'), `${hash}\n`);
      const release = await this.release(configDir);
      if (release) {
        await this.composeInfo.writeBase({
          composeDir,
          release,
          label: spec.label,
          composeType: spec.composeType,
          now: new Date(),
          isIdTaken: (id) => job.isComposeIdTaken(id),
        });
      }
      const invalid = await this.validate(configDir, mainConfig, composeDir, entry.schema_override, opts.signal);
      if (invalid) return fail(invalid);
      opts.onProgress({ phase: 'pungi', message: `Running ${this.options.pungiKoji}` });
      const timeoutSeconds = entry.pungi_timeout ?? this.options.pungiTimeout;
      // pungi-koji refuses a missing --old-composes dir; the compose's links go there afterwards anyway (§9.8).
      const oldComposesDir = join(job.targetDir, spec.composeType);
      await mkdir(oldComposesDir, { recursive: true });
      const run = await this.runner.run({
        command: {
          pungiKoji: this.options.pungiKoji,
          composeDir,
          extraArgs: entry.raw_config_pungi_koji_args ?? this.options.rawConfigPungiKojiArgs[name] ?? this.options.pungiKojiArgs,
          spec,
          oldComposesDir,
        },
        files: {},
        configDir,
        mainConfigFile: mainConfig,
        timeoutSeconds,
        signal: opts.signal,
        logRewrite: rewrite ?? undefined,
      });
      const outcome = pungiRunOutcome(run, opts.signal);
      if (outcome.kind === 'cancelled') {
        await this.workspace.remove(composeDir);
        return CANCELED;
      }
      if (outcome.kind === 'failed') return fail(outcome.error, outcome.logErrors, true);
      const pungiComposeId = await this.composeInfo.readComposeId(composeDir);
      if (!pungiComposeId) return fail(`Pungi finished without ${composeFiles.composeInfo(composeDir)}`);
      await linkRawConfigCompose({
        targetDir: job.targetDir,
        composeType: spec.composeType,
        composeDirName: composeDirName(spec.id),
        pungiComposeId,
        label: spec.label,
      });
      if (!DUMP_TYPES.has(spec.composeType)) return { ok: true, pungiComposeId, engine: 'pungi' };
      const dumpPath = join(composeDir, 'logs', 'global', 'config-dump.global.log');
      const dump = await readFile(dumpPath, 'utf8').catch((e: Error) => {
        throw new Error(`${e.message}: Cannot load Pungi config dump.`);
      });
      return { ok: true, pungiComposeId, engine: 'pungi', pungiConfigDump: dump };
    } catch (error) {
      if (opts.signal.aborted) {
        await this.workspace.remove(composeDir);
        return CANCELED;
      }
      return fail(error instanceof Error ? error.message : String(error));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** The release of the raw config (wrapper settings win), when it names one in plain assignments. */
  private async release(configDir: string): Promise<{ name: string; short: string; version: string } | null> {
    const settings = {
      ...simpleAssignments(await readFile(join(configDir, 'raw_config.conf'), 'utf8')),
      ...simpleAssignments(await readFile(join(configDir, 'pungi.conf'), 'utf8')),
    };
    const [name, short, version] = [settings['release_name'], settings['release_short'], settings['release_version']];
    if (typeof name !== 'string' || typeof short !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) return null;
    return { name, short, version: String(version) };
  }

  /** Runs pungi_config_validate (when set); its logs go to the compose dir. Returns the failure, if any. */
  private async validate(
    configDir: string,
    mainConfig: string,
    composeDir: string,
    schemaOverride: string | undefined,
    signal: AbortSignal,
  ): Promise<string | null> {
    const validator = this.options.pungiConfigValidate;
    if (!validator) return null;
    const overrides = [this.options.rawConfigSchemaOverride, schemaOverride].filter((s): s is string => !!s);
    const argv = [validator, '--old-composes', ...overrides.flatMap((s) => ['--schema-override', s]), join(configDir, mainConfig)];
    const result = await this.processes.run({ argv, cwd: configDir, signal, timeoutMs: this.options.pungiTimeout * 1000 });
    const stdoutLog = join(composeDir, 'pungi-config-validate-stdout.log');
    const stderrLog = join(composeDir, 'pungi-config-validate-stderr.log');
    const out = result.kind === 'exit' ? result.stdout : '';
    const err = result.kind === 'exit' ? result.stderr : result.kind === 'not-started' ? result.message : result.kind;
    await writeFile(stdoutLog, out);
    await writeFile(stderrLog, err);
    if (result.kind === 'exit' && result.code === 0) return null;
    if (result.kind === 'not-started') return `Cannot run ${validator}: ${result.message}`;
    const output = `${out}${err}`.trim();
    return `Config validation failed (${validator} exited with ${result.kind === 'exit' ? String(result.code) : result.kind}), see ${stdoutLog} and ${stderrLog}:\n${output}`;
  }

  /** target_dir → target_dir_url for composes on the default target dir (from the compose's toplevel_url). */
  private rewriteOf(job: GenerationJob): { targetDir: string; targetDirUrl: string } | null {
    const top = job.composeJson?.['toplevel_url'];
    const suffix = `/${composeDirName(job.spec.id)}`;
    if (typeof top !== 'string' || !top.endsWith(suffix)) return null;
    return { targetDir: job.targetDir.replace(/\/+$/, ''), targetDirUrl: top.slice(0, -suffix.length) };
  }
}
