import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ComposeInfoStore, composeFiles } from '@odcs/pungi';

/** Filesystem steps around a compose dir: fresh start, hidden partial tree, atomic publish, removal. */
@Injectable()
export class ComposeWorkspace {
  constructor(private readonly composeInfo: ComposeInfoStore) {}

  /**
   * Starts a generation afresh: leftovers of an earlier attempt of this compose (its compose dir
   * and partial trees) are removed, then `<target_dir>/odcs-<id>` is created. Throws with a reason
   * when the target dir is missing (§9.4).
   */
  async begin(targetDir: string, composeId: number, composeDir: string): Promise<void> {
    await this.composeInfo.prepareComposeDir(targetDir, composeId); // checks the target dir
    await rm(composeDir, { recursive: true, force: true });
    for (const stale of await this.partialsOf(targetDir, composeId)) await rm(stale, { recursive: true, force: true });
    await this.composeInfo.prepareComposeDir(targetDir, composeId);
  }

  /** A hidden directory beside the compose dir (same filesystem, so it can be renamed into place). */
  async createPartial(targetDir: string, composeId: number): Promise<string> {
    return mkdtemp(join(targetDir, `${partialPrefix(composeId)}`));
  }

  /** Moves `<partial>/<name>` to `<composeDir>/<name>` in one rename, then drops the partial tree. */
  async publish(partialDir: string, composeDir: string, name: string): Promise<void> {
    await rename(join(partialDir, name), join(composeDir, name));
    await rm(partialDir, { recursive: true, force: true });
  }

  async remove(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }

  /** Writes Pungi's STATUS file (STARTED, FINISHED, DOOMED). */
  async writeStatus(composeDir: string, status: 'STARTED' | 'FINISHED' | 'DOOMED'): Promise<void> {
    await writeFile(composeFiles.status(composeDir), `${status}\n`);
  }

  async writeComposeId(composeDir: string, pungiComposeId: string): Promise<void> {
    await writeFile(join(composeDir, 'COMPOSE_ID'), pungiComposeId);
  }

  private async partialsOf(targetDir: string, composeId: number): Promise<string[]> {
    const prefix = partialPrefix(composeId);
    const names = await readdir(targetDir).catch(() => [] as string[]);
    return names.filter((n) => n.startsWith(prefix)).map((n) => join(targetDir, n));
  }
}

/** `.odcs-<id>.partial-`: hidden, and never matched by the `odcs-*` expiry sweep of other ids. */
export function partialPrefix(composeId: number): string {
  return `.odcs-${composeId}.partial-`;
}

/** Whether a path is a partial tree of some compose (for callers that sweep target dirs). */
export function isPartialTree(path: string): boolean {
  return /^\.odcs-\d+\.partial-/.test(basename(path)) && dirname(path) !== path;
}
