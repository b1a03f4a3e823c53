import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ExecutableLocator } from '../../common/executable-locator.js';
import { ProcessRunner } from '../../common/process-runner.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../../engine.options.js';
import { HAWKEY_RESOLVE_SCRIPT } from './hawkey-resolve.script.js';

export interface ResolveArchInput {
  /** Compose arch (the key of the result). */
  arch: string;
  /** Arch the solver pool is set up for (an RPM arch). */
  sackArch: string;
  /** Compatible arches taken as multilib for this arch (empty = no multilib). */
  multilib: readonly string[];
  /** The arch's package set: key (file name) and local path of every candidate. */
  packages: ReadonlyArray<{ key: string; path: string }>;
}

export interface ResolveInput {
  arches: readonly ResolveArchInput[];
  /** Requested package names; null = every (non-multilib) package of the set. */
  roots: readonly string[] | null;
  /** Add the dependency closure (false with no_deps). */
  followDeps: boolean;
  multilibMethods: readonly string[];
  /** Repositories that satisfy dependencies without being copied. */
  lookaside: readonly string[];
  /** Scratch dir (solver caches); the input file is written there too. */
  workDir: string;
}

export interface UnresolvedDependency {
  /** NEVRA of the package with the broken dependency. */
  package: string;
  requires: string;
}

export interface ResolveArchResult {
  /** Keys of the packages the compose arch gets. */
  selected: string[];
  unresolved: UnresolvedDependency[];
  /** Lookaside packages that satisfied a dependency. */
  lookaside: string[];
}

export type ResolveOutput = Record<string, ResolveArchResult>;

export function solverMissingReason(python: string): string {
  return (
    `Dependency resolution needs libdnf's Python bindings (hawkey), which '${python}' cannot import. ` +
    `Install dnf (Debian/Ubuntu: apt-get install dnf python3-hawkey; Fedora/RHEL: dnf install python3-hawkey), ` +
    `or request the compose with the no_deps flag.`
  );
}

/** Dependency closure of requested packages over a package set, computed by libsolv through hawkey. */
@Injectable()
export class HawkeyDependencyResolver {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    private readonly locator: ExecutableLocator,
    private readonly processes: ProcessRunner,
  ) {}

  async resolve(input: ResolveInput, opts: { signal: AbortSignal; log: (line: string) => void }): Promise<ResolveOutput> {
    const python = await this.python();
    const inputPath = join(input.workDir, 'resolve-input.json');
    await writeFile(inputPath, JSON.stringify(input));
    const result = await this.processes.run({
      argv: [python, '-c', HAWKEY_RESOLVE_SCRIPT, inputPath],
      signal: opts.signal,
      timeoutMs: this.options.pungiTimeout * 1000,
      onStderrLine: (line) => line && opts.log(`solver: ${line}`),
    });
    if (result.kind === 'cancelled') throw opts.signal.reason;
    if (result.kind === 'not-started') throw new Error(solverMissingReason(python));
    if (result.kind === 'timed-out') throw new Error(`Dependency resolution took longer than ${this.options.pungiTimeout} seconds`);
    if (result.code === 3) throw new Error(solverMissingReason(python));
    let parsed: { arches?: ResolveOutput; error?: string };
    try {
      parsed = JSON.parse(result.stdout) as typeof parsed;
    } catch {
      const why = result.stderr.trim().split('\n').slice(-3).join('\n') || `exit code ${result.code ?? result.signal}`;
      throw new Error(`Dependency resolution failed: ${why}`);
    }
    if (parsed.error || !parsed.arches) throw new Error(`Dependency resolution failed: ${parsed.error ?? 'no result'}`);
    return parsed.arches;
  }

  /** The configured interpreter, else the one `dnf` runs with, else /usr/bin/python3. */
  private async python(): Promise<string> {
    if (this.options.python) return this.options.python;
    const dnf = await this.locator.find('dnf');
    if (dnf) {
      const shebang = await firstLine(dnf);
      const m = /^#!\s*(\/\S+)(?:\s+(\S+))?/.exec(shebang);
      if (m?.[1] && !m[1].endsWith('/env')) return m[1];
      if (m?.[2]) return m[2];
    }
    return '/usr/bin/python3';
  }
}

async function firstLine(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  } finally {
    await file.close();
  }
}
