import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ProcessRunner } from '../../common/process-runner.js';

const GIT_TIMEOUT_MS = 300_000;

/** `module_defaults_url` (git URL and commit): its modulemd-defaults documents, cloned with git as Pungi's module_defaults_dir. */
@Injectable()
export class ModuleDefaultsSource {
  constructor(private readonly processes: ProcessRunner) {}

  async load(defaults: { url: string; commit: string }, dir: string, signal: AbortSignal): Promise<string[]> {
    await this.git(['clone', '--quiet', '--no-checkout', defaults.url, dir], defaults, signal);
    await this.git(['-C', dir, 'checkout', '--quiet', '--detach', defaults.commit], defaults, signal);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    const docs = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    return docs.filter((d) => /^document:\s*modulemd-defaults\s*$/m.test(d));
  }

  private async git(args: string[], defaults: { url: string; commit: string }, signal: AbortSignal): Promise<void> {
    const result = await this.processes.run({
      argv: ['git', ...args],
      signal,
      timeoutMs: GIT_TIMEOUT_MS,
      env: { GIT_TERMINAL_PROMPT: '0' },
    });
    if (result.kind === 'cancelled') throw signal.reason;
    if (result.kind !== 'exit' || result.code !== 0) {
      const why = result.kind === 'exit' ? result.stderr.trim().split('\n').slice(-3).join('\n') : result.kind;
      throw new Error(
        `Cannot read the module defaults ${defaults.url} at ${defaults.commit}: git ${args[0] === '-C' ? args[2] : args[0]} failed: ${why}`,
      );
    }
  }
}
