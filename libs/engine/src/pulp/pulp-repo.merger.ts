import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { ProcessRunner } from '../common/process-runner.js';
import type { MergePlan } from './pulp-repos.js';

/** `<target_dir>/pulp_repo_cache`: repodata of merged Pulp repositories (CONTRACT §9.7). */
export const PULP_REPO_CACHE = 'pulp_repo_cache';

/**
 * Merges same-arch Pulp repositories of a content set with `mergerepo_c --method nvr`. Their
 * repodata is downloaded into `<target_dir>/pulp_repo_cache/<relative_url>/repodata/` (kept while
 * Pulp's repomd.xml does not change); package locations point back at the Pulp server.
 */
@Injectable()
export class PulpRepoMerger {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    private readonly processes: ProcessRunner,
  ) {}

  /** Writes the merged repository to `<outDir>` (its repodata/ inside). */
  async merge(plan: MergePlan, targetDir: string, outDir: string, signal: AbortSignal): Promise<void> {
    const cacheRoot = join(targetDir, PULP_REPO_CACHE);
    const paths: string[] = [];
    for (const repo of plan.repos) paths.push(await this.cacheRepodata(repo.url, join(cacheRoot, repo.relativeUrl), signal));
    await mkdir(outDir, { recursive: true });
    const { mergerepoC, mergerepoTimeout, serverUrl } = this.options.pulp;
    const argv = [
      mergerepoC,
      '--method',
      'nvr',
      '-o',
      outDir,
      '--repo-prefix-search',
      cacheRoot,
      '--repo-prefix-replace',
      serverUrl.replace(/\/+$/, '').replace(/^https:\/\//, 'http://'),
      ...paths.flatMap((p) => ['-r', p]),
    ];
    const what = `mergerepo_c of content set ${plan.contentSet} (${plan.arch}: ${plan.repos.map((r) => r.id).join(', ')})`;
    const run = await this.processes.run({ argv, signal, timeoutMs: mergerepoTimeout * 1000 });
    if (run.kind === 'cancelled') signal.throwIfAborted();
    if (run.kind === 'timed-out')
      throw new Error(`${what} has taken more time than allowed by mergerepo_timeout (${mergerepoTimeout} seconds)`);
    if (run.kind === 'not-started') {
      throw new Error(
        `${what} could not start: '${mergerepoC}' ${run.code === 'ENOENT' ? 'was not found (install createrepo_c or set mergerepo_c)' : run.message}`,
      );
    }
    if (run.kind === 'exit' && run.code !== 0) {
      const output = `${run.stderr}\n${run.stdout}`.trim().split('\n').slice(-5).join(' ');
      throw new Error(`${what} failed with exit code ${run.code}: ${output}`);
    }
  }

  /** The cached copy of a repository's repodata (refreshed when Pulp's repomd.xml differs); returns the repo dir. */
  private async cacheRepodata(url: string, repoDir: string, signal: AbortSignal): Promise<string> {
    const repomd = await this.download(`${url}/repodata/repomd.xml`, signal);
    const cachedRepomd = await readFile(join(repoDir, 'repodata', 'repomd.xml')).catch(() => null);
    const hrefs = [...repomd.toString('utf8').matchAll(/<location\s+href="([^"]+)"/g)].map((m) => m[1] ?? '');
    if (cachedRepomd?.equals(repomd) && (await allExist(hrefs.map((h) => join(repoDir, h))))) return repoDir;
    await mkdir(repoDir, { recursive: true });
    const staging = await mkdtemp(join(repoDir, '.repodata-'));
    try {
      for (const href of hrefs) {
        if (!href.startsWith('repodata/') || href.includes('..'))
          throw new Error(`${url}/repodata/repomd.xml lists an unexpected file ${href}`);
        const file = join(staging, href);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, await this.download(`${url}/${href}`, signal));
      }
      await mkdir(join(staging, 'repodata'), { recursive: true });
      await writeFile(join(staging, 'repodata', 'repomd.xml'), repomd);
      await rm(join(repoDir, 'repodata'), { recursive: true, force: true });
      await rename(join(staging, 'repodata'), join(repoDir, 'repodata'));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return repoDir;
  }

  private async download(url: string, signal: AbortSignal): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.netTimeout * 1000)]) });
    } catch (e) {
      signal.throwIfAborted();
      throw new Error(`Cannot download ${url} for mergerepo_c: ${(e as Error).message}`);
    }
    if (!response.ok) throw new Error(`Cannot download ${url} for mergerepo_c: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
}

async function allExist(paths: string[]): Promise<boolean> {
  for (const p of paths) if (!(await stat(p).catch(() => null))) return false;
  return true;
}
