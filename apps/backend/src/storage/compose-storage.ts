import { Inject, Injectable, Logger } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { lstat, readdir, readlink, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Compose id of a directory or link name: odcs-96, odcs-96-1-20171005.n.0, latest-odcs-96-1 → 96. */
export function composeIdOfName(name: string): number | null {
  const m = /^(?:latest-)?odcs-(\d+)(?:-|$)/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * The compose directories on the shared filesystem (CONTRACT §8.6, §9.7). Deletion errors are
 * logged per directory and never stop a sweep.
 */
@Injectable()
export class ComposeStorage {
  private readonly log = new Logger('ComposeStorage');

  constructor(@Inject(ODCS_CONFIG) private readonly config: OdcsConfig) {}

  targetDirs(): string[] {
    return [this.config.target_dir, ...Object.values(this.config.extra_target_dirs)];
  }

  /** Target dirs that do not exist on this host (null stands for the default target_dir). */
  async unavailableTargetDirs(): Promise<(string | null)[]> {
    const missing: (string | null)[] = [];
    const isDir = async (d: string) => (await stat(d).catch(() => null))?.isDirectory() === true;
    if (!(await isDir(this.config.target_dir))) missing.push(null, this.config.target_dir);
    for (const d of Object.values(this.config.extra_target_dirs)) if (!(await isDir(d))) missing.push(d);
    return missing;
  }

  /** Removes <target>/odcs-<id>: the link and what it points to, or the directory. */
  async removeComposeDir(targetDir: string, id: number): Promise<void> {
    const path = join(targetDir, `odcs-${id}`);
    try {
      const info = await lstat(path).catch(() => null);
      if (!info) return;
      if (info.isSymbolicLink()) {
        const target = resolve(targetDir, await readlink(path));
        await unlink(path);
        await rm(target, { recursive: true, force: true });
      } else {
        await rm(path, { recursive: true, force: true });
      }
      this.log.log(`removed ${path}`);
    } catch (e) {
      this.log.error(`could not remove ${path}: ${(e as Error).message}`);
    }
  }

  /** Removes the raw_config links (§9.8) in <target>/<compose_type>/ that point at odcs-<id> (§8.6). */
  async removeComposeLinks(targetDir: string, id: number): Promise<void> {
    for (const typeDir of await this.typeDirs(targetDir)) {
      for (const name of await readdir(typeDir).catch(() => [] as string[])) {
        const dest = await readlink(join(typeDir, name)).catch(() => null);
        if (dest?.split('/').filter(Boolean).pop() !== `odcs-${id}`) continue;
        await unlink(join(typeDir, name)).catch((e: Error) => this.log.error(`could not remove ${join(typeDir, name)}: ${e.message}`));
      }
    }
  }

  /** Compose ids that a latest-* link points at (raw_config composes, CONTRACT §9.8): never expired. */
  async latestLinkTargets(): Promise<number[]> {
    const ids: number[] = [];
    for (const target of this.targetDirs()) {
      for (const typeDir of await this.typeDirs(target)) {
        for (const name of await readdir(typeDir).catch(() => [] as string[])) {
          if (!name.startsWith('latest-')) continue;
          const dest = await readlink(join(typeDir, name)).catch(() => null);
          const id = dest ? composeIdOfName(dest.split('/').filter(Boolean).pop() ?? '') : null;
          if (id !== null) ids.push(id);
        }
      }
    }
    return ids;
  }

  /** <target>/<compose_type>/ dirs, where raw_config links live (compose directories themselves are skipped). */
  private async typeDirs(target: string): Promise<string[]> {
    const names = await readdir(target).catch(() => [] as string[]);
    return names.filter((n) => composeIdOfName(n) === null && !n.startsWith('.')).map((n) => join(target, n));
  }

  /** Names of odcs-* / latest-odcs-* entries per target dir, with the compose id they belong to. */
  async composeEntries(): Promise<{ targetDir: string; name: string; id: number }[]> {
    const out: { targetDir: string; name: string; id: number }[] = [];
    for (const targetDir of this.targetDirs()) {
      for (const name of await readdir(targetDir).catch(() => [] as string[])) {
        const id = composeIdOfName(name);
        if (id !== null) out.push({ targetDir, name, id });
      }
    }
    return out;
  }

  async removeEntry(targetDir: string, name: string): Promise<void> {
    const path = join(targetDir, name);
    try {
      await rm(path, { recursive: true, force: true });
      this.log.log(`removed stray ${path}`);
    } catch (e) {
      this.log.error(`could not remove stray ${path}: ${(e as Error).message}`);
    }
  }
}
