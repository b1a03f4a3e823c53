import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_OPTIONS, type EngineOptions } from '../engine.options.js';
import { ProcessRunner, type ProcessRunResult } from '../common/process-runner.js';

/** Why a raw config could not be checked out; the message is the compose's failure reason. */
export class GitCheckoutError extends Error {}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', LC_ALL: 'C' };

/**
 * Checks out one commit (or branch, or tag) of a git repository with the real `git`: a shallow
 * fetch of just that revision where the server allows it, else a full fetch and a checkout.
 * Unreachable repositories and unknown revisions are told apart in the error.
 */
@Injectable()
export class GitCheckout {
  constructor(
    private readonly processes: ProcessRunner,
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
  ) {}

  /** Checks `revision` of `url` out into `dir` (created); returns the commit hash checked out. */
  async checkout(url: string, revision: string, dir: string, signal?: AbortSignal): Promise<string> {
    if (revision.startsWith('-')) throw new GitCheckoutError(`Unknown commit ${revision} in ${url}: not a git revision`);
    await this.git(['init', '--quiet', dir], signal);
    const shallow = await this.git(['-C', dir, 'fetch', '--quiet', '--depth', '1', url, revision], signal);
    if (shallow.ok) {
      await this.mustGit(['-C', dir, 'checkout', '--quiet', '--detach', 'FETCH_HEAD'], url, signal);
      return this.head(dir, url, signal);
    }
    const reach = await this.git(['ls-remote', '--heads', url], signal);
    if (!reach.ok) throw new GitCheckoutError(`Cannot reach the git repository ${url}: ${reach.error}`);
    const full = await this.git(
      ['-C', dir, 'fetch', '--quiet', url, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
      signal,
    );
    if (!full.ok) throw new GitCheckoutError(`Cannot fetch the git repository ${url}: ${full.error}`);
    for (const candidate of [revision, `origin/${revision}`]) {
      const found = await this.git(['-C', dir, 'rev-parse', '--quiet', '--verify', `${candidate}^{commit}`], signal);
      if (found.ok) {
        await this.mustGit(['-C', dir, 'checkout', '--quiet', '--detach', found.stdout.trim()], url, signal);
        return found.stdout.trim();
      }
    }
    throw new GitCheckoutError(`Unknown commit ${revision} in ${url}: no such commit, branch or tag in the repository`);
  }

  private async head(dir: string, url: string, signal?: AbortSignal): Promise<string> {
    return (await this.mustGit(['-C', dir, 'rev-parse', 'HEAD'], url, signal)).trim();
  }

  private async mustGit(args: string[], url: string, signal?: AbortSignal): Promise<string> {
    const run = await this.git(args, signal);
    if (!run.ok) throw new GitCheckoutError(`git ${args.slice(2, 3).join(' ')} failed for ${url}: ${run.error}`);
    return run.stdout;
  }

  private async git(args: string[], signal?: AbortSignal): Promise<{ ok: true; stdout: string } | { ok: false; error: string }> {
    const result: ProcessRunResult = await this.processes.run({
      argv: ['git', ...args],
      env: GIT_ENV,
      signal,
      timeoutMs: this.options.netTimeout * 1000,
    });
    switch (result.kind) {
      case 'exit':
        if (result.code === 0) return { ok: true, stdout: result.stdout };
        return { ok: false, error: lastLines(result.stderr) || `exit code ${String(result.code ?? result.signal)}` };
      case 'timed-out':
        return { ok: false, error: `git ${args[0]} took more than ${this.options.netTimeout} seconds (net_timeout)` };
      case 'cancelled':
        throw new GitCheckoutError('Canceled');
      case 'not-started':
        throw new GitCheckoutError(`Cannot run git (${result.code}): ${result.message}`);
    }
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').trim();
}
