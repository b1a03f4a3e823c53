import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RESULT_REPO_PARTS, composeDirName, repoFileName } from '@odcs/pungi';
import { formatFailureReason, targetDirRewrite } from '../common/failure-reason.js';
import { CreaterepoRunner } from '../builtin/repo/createrepo.runner.js';
import type { ComposeEngine, GenerationJob, GenerationProgress, GenerationResult } from '../engine.port.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { PulpRepoMerger } from './pulp-repo.merger.js';
import { PulpV2Client } from './pulp-v2.client.js';
import { PulpV3Client } from './pulp-v3.client.js';
import { planContentSet, pythonList, renderPulpRepoFile, repoFromPulp, sortedUnique, type PulpRepo, type RepoEntry } from './pulp-repos.js';

const CANCELED: GenerationResult = { ok: false, reason: 'Canceled', engine: 'pulp' };

/**
 * Pulp composes (CONTRACT §8.7): the requested content sets (or repository ids) are looked up in
 * Pulp and written as a .repo file pointing at Pulp; same-arch repositories of a content set are
 * merged with mergerepo_c. The compose's arches, sigkeys (and, with ignore_absent_pulp_repos,
 * source) become what Pulp has.
 */
@Injectable()
export class PulpComposeEngine implements ComposeEngine {
  private readonly log = new Logger('PulpCompose');

  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    private readonly merger: PulpRepoMerger,
    private readonly createrepo: CreaterepoRunner,
  ) {}

  async generate(
    job: GenerationJob,
    opts: { signal: AbortSignal; onProgress: (p: GenerationProgress) => void },
  ): Promise<GenerationResult> {
    const { spec, composeDir } = job;
    const rewrite = targetDirRewrite(job.targetDir, composeDirName(spec.id), job.resultRepoUrl);
    if (opts.signal.aborted) return CANCELED;
    try {
      const { repos, source } = await this.findRepos(spec.source, spec.flags, opts.signal, opts.onProgress);
      const resultDir = join(composeDir, ...RESULT_REPO_PARTS);
      const resultUrl = job.resultRepoUrl ?? pathToFileURL(resultDir).href;
      await rm(composeDir, { recursive: true, force: true });
      await mkdir(resultDir, { recursive: true });
      const entries: RepoEntry[] = [];
      for (const [name, group] of groupByName(repos)) {
        const { entry, merges } = planContentSet(name, group, resultUrl);
        for (const [i, merge] of merges.entries()) {
          opts.onProgress({ phase: 'mergerepo', done: i, total: merges.length, message: `${name} ${merge.arch}` });
          await this.merger.merge(merge, job.targetDir, join(resultDir, name, merge.arch), opts.signal);
        }
        entries.push(entry);
      }
      if (entries.length === 0) await this.writeEmptyRepos(resultDir, opts.signal);
      await writeFile(join(resultDir, repoFileName(spec.id)), renderPulpRepoFile(entries, spec.flags.includes('use_only_compatible_arch')));
      const content = {
        arches: sortedUnique(entries.flatMap((e) => e.arches)).join(' '),
        sigkeys: sortedUnique(entries.flatMap((e) => e.sigkeys)).join(' '),
        ...(source !== undefined ? { source } : {}),
      };
      return { ok: true, pungiComposeId: null, engine: 'pulp', content };
    } catch (e) {
      if (opts.signal.aborted) {
        await rm(composeDir, { recursive: true, force: true }).catch(() => undefined);
        return CANCELED;
      }
      const error = e instanceof Error ? e.message : String(e);
      return { ok: false, engine: 'pulp', reason: formatFailureReason({ error, rewrite }) };
    }
  }

  /**
   * Repositories per requested source: content sets first, then repository ids for the rest.
   * `source` is set when ignore_absent_pulp_repos dropped missing sources.
   */
  private async findRepos(
    requested: string[],
    flags: string[],
    signal: AbortSignal,
    onProgress: (p: GenerationProgress) => void,
  ): Promise<{ repos: Map<string, PulpRepo[]>; source?: string }> {
    const { serverUrl } = this.options.pulp;
    if (!serverUrl) throw new Error('pulp_server_url is not configured: this odcs cannot generate pulp composes');
    const includeUnpublished = flags.includes('include_unpublished_pulp_repos');
    const http = { pulp: this.options.pulp, netTimeout: this.options.netTimeout, netRetryInterval: this.options.netRetryInterval };
    const client = this.options.pulp.apiVersion === '3' ? new PulpV3Client(http) : new PulpV2Client(http);
    onProgress({ phase: 'pulp', message: `searching ${requested.length} content set(s)` });
    const repos = new Map<string, PulpRepo[]>();
    const foundIds = new Set<string>();
    for (const raw of await client.searchByContentSets(requested, includeUnpublished, signal)) {
      const repo = repoFromPulp(raw, serverUrl);
      const name = repo.contentSet;
      if (name === null || !requested.includes(name)) continue;
      repos.set(name, [...(repos.get(name) ?? []), repo]);
      foundIds.add(repo.id);
    }
    for (const id of requested) {
      if (repos.has(id) || foundIds.has(id)) continue;
      onProgress({ phase: 'pulp', message: `looking up repository ${id}` });
      const raw = await client.repository(id, signal);
      if (!raw) continue;
      const repo = repoFromPulp({ ...raw, id }, serverUrl);
      if (includeUnpublished || repo.published) repos.set(id, [repo]);
    }
    const found = requested.filter((s) => repos.has(s) || foundIds.has(s));
    if (found.length === requested.length) return { repos };
    const message = `Failed to find all the source(s) ${pythonList(requested)} in Pulp, found only ${pythonList([...found].sort())}`;
    if (!flags.includes('ignore_absent_pulp_repos')) throw new Error(message);
    this.log.warn(`${message}; ignore_absent_pulp_repos is set, going on without the others`);
    return { repos, source: [...found].sort().join(' ') };
  }

  /** No repository at all: an empty repository per allowed arch, so the result repo exists. */
  private async writeEmptyRepos(resultDir: string, signal: AbortSignal): Promise<void> {
    for (const arch of this.options.pulp.allowedArches) {
      const dir = join(resultDir, arch, 'os');
      await mkdir(dir, { recursive: true });
      await this.createrepo.run(dir, { signal, log: (line) => this.log.debug(line) });
    }
  }
}

function groupByName(repos: Map<string, PulpRepo[]>): [string, PulpRepo[]][] {
  return [...repos.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
