import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Injectable } from '@nestjs/common';
import { RESULT_REPO_PARTS, renderRepoFile, repoFileName } from '@odcs/pungi';
import type { GenerationJob } from '../engine.port.js';

/** Writes `compose/Temporary/odcs-<id>.repo` (§9.7) below a compose tree root. */
@Injectable()
export class RepoFileWriter {
  /**
   * `root` is where `compose/` lives (the compose dir, or a partial tree about to be renamed to
   * it). The baseurl is the result repo URL, or a file:// URL of the final location when the
   * compose is not on the default target dir.
   */
  async write(job: GenerationJob, root: string = job.composeDir): Promise<string> {
    const finalRepoDir = join(job.composeDir, ...RESULT_REPO_PARTS);
    const baseUrl = job.resultRepoUrl ?? pathToFileURL(finalRepoDir).href;
    const dir = join(root, ...RESULT_REPO_PARTS);
    await mkdir(dir, { recursive: true });
    const path = join(dir, repoFileName(job.spec.id));
    await writeFile(path, renderRepoFile(job.spec.id, baseUrl));
    return path;
  }
}
