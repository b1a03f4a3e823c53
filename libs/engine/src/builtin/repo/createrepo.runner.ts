import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ExecutableLocator } from '../../common/executable-locator.js';
import { ProcessRunner } from '../../common/process-runner.js';
import { ENGINE_OPTIONS, type EngineOptions } from '../../engine.options.js';

/** A reason that tells how to get createrepo_c, for composes that need it and cannot find it. */
export function createrepoMissingReason(command: string): string {
  return (
    `createrepo_c is needed to generate composes with the built-in engine, but '${command}' was not found ` +
    `or is not executable. Install it (Debian/Ubuntu: apt-get install createrepo-c; Fedora/RHEL: dnf install createrepo_c) ` +
    `or point the createrepo_c option (ODCS_CREATEREPO_C) to it.`
  );
}

/** Runs createrepo_c over one directory of RPMs, the way Pungi's createrepo phase does. */
@Injectable()
export class CreaterepoRunner {
  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    private readonly locator: ExecutableLocator,
    private readonly processes: ProcessRunner,
  ) {}

  /** The createrepo_c executable, or null when it is not installed. */
  async locate(): Promise<string | null> {
    return this.locator.find(this.options.createrepoC);
  }

  /**
   * `createrepo_c --checksum sha256 --unique-md-filenames --no-database --workers <n> <dir>`;
   * resolves on success, throws with createrepo_c's own message otherwise (cancel: rethrows the
   * abort reason). No SQLite databases, as Pungi makes them only for yum (`createrepo_database`
   * defaults to off with its dnf gather backend): dnf reads the XML metadata. With `modulesYaml`,
   * `modifyrepo_c --mdtype=modules <yaml> <dir>/repodata` follows in the same process group (one
   * `sh -c`, so module composes pay for one engine process start, not two).
   */
  async run(dir: string, opts: { signal: AbortSignal; log: (line: string) => void; modulesYaml?: string }): Promise<void> {
    const command = await this.locate();
    if (!command) throw new Error(createrepoMissingReason(this.options.createrepoC));
    const workers = String(Math.max(1, this.options.createrepoWorkers));
    const createrepo = [command, '--checksum', 'sha256', '--unique-md-filenames', '--no-database', '--workers', workers, '--quiet', dir];
    const modifyrepo = opts.modulesYaml ? await this.modifyrepoArgv(command, dir, opts.modulesYaml) : null;
    opts.log(`Running ${createrepo.join(' ')}`);
    if (modifyrepo) opts.log(`Running ${modifyrepo.join(' ')}`);
    const argv = modifyrepo
      ? [
          '/bin/sh',
          '-c',
          `${shellWords(createrepo)} || { s=$?; echo "${CREATEREPO_FAILED} $s" >&2; exit $s; }; exec ${shellWords(modifyrepo)}`,
        ]
      : createrepo;
    const result = await this.processes.run({
      argv,
      signal: opts.signal,
      timeoutMs: this.options.pungiTimeout * 1000,
      onStderrLine: (line) => {
        if (!line.startsWith(CREATEREPO_FAILED)) opts.log(`createrepo_c: ${line}`);
      },
    });
    if (result.kind === 'cancelled') throw opts.signal.reason;
    if (result.kind === 'not-started') throw new Error(createrepoMissingReason(this.options.createrepoC));
    if (result.kind === 'timed-out') throw new Error(`createrepo_c on ${dir} took longer than ${this.options.pungiTimeout} seconds`);
    if (result.code !== 0) {
      const lines = result.stderr.trim().split('\n');
      const tool = !modifyrepo || lines.some((l) => l.startsWith(CREATEREPO_FAILED)) ? 'createrepo_c' : 'modifyrepo_c';
      const why =
        lines
          .filter((l) => l && !l.startsWith(CREATEREPO_FAILED))
          .slice(-5)
          .join('\n') || `exit code ${result.code ?? result.signal}`;
      throw new Error(`${tool} failed on ${dir}: ${why}`);
    }
  }

  /** `modifyrepo_c --mdtype=modules <yaml> <dir>/repodata`, modifyrepo_c found beside createrepo_c (else on the PATH). */
  private async modifyrepoArgv(createrepo: string, dir: string, yamlFile: string): Promise<string[]> {
    const command = (await this.locator.find(join(dirname(createrepo), 'modifyrepo_c'))) || (await this.locator.find('modifyrepo_c'));
    if (!command) throw new Error('modifyrepo_c (installed with createrepo_c) is needed to add modules.yaml to a module compose');
    return [command, '--mdtype=modules', '--checksum', 'sha256', '--unique-md-filenames', yamlFile, join(dir, 'repodata')];
  }
}

/** Marks createrepo_c's failure on stderr when modifyrepo_c would have followed it. */
const CREATEREPO_FAILED = 'odcs: createrepo_c exited with';

/** Each word single-quoted for sh. */
function shellWords(argv: readonly string[]): string {
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}
