import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { PungiRelease } from '../config/pungi-config.builder.js';
import { composeDir, composeFiles } from '../output/compose-layout.js';
import { formatComposeDate } from './compose-id.js';
import { buildComposeInfoBase, composeIdOf } from './compose-info.js';

export interface WriteComposeInfoBaseInput {
  /** `<target_dir>/odcs-<id>`; created if missing. */
  composeDir: string;
  release: PungiRelease;
  label: string | null;
  composeType: string | null;
  /** The compose date is this instant's local date. */
  now: Date;
  /** Whether another compose already has this Pungi compose id (respin is bumped until not). */
  isIdTaken: (pungiComposeId: string) => Promise<boolean>;
}

const MAX_RESPINS = 10_000;

/** Reads and writes the productmd compose info files of a compose dir. */
@Injectable()
export class ComposeInfoStore {
  /**
   * Creates `<target_dir>/odcs-<id>`; the target dir itself must already exist (§9.4).
   * Returns the compose dir.
   */
  async prepareComposeDir(targetDir: string, composeId: number): Promise<string> {
    const isDir = await stat(targetDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      throw new Error(`Compose target dir doesn't exist or not a directory: ${targetDir} on backend ${hostname()}`);
    }
    const dir = composeDir(targetDir, composeId);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Writes `work/global/composeinfo-base.json` with respin 0, or the first respin whose
   * id is not taken yet, and returns the Pungi compose id chosen.
   */
  async writeBase(input: WriteComposeInfoBaseInput): Promise<{ pungiComposeId: string; path: string }> {
    const date = formatComposeDate(input.now);
    for (let respin = 0; respin < MAX_RESPINS; respin++) {
      const document = buildComposeInfoBase({ ...input, date, respin });
      const id = document.payload.compose.id;
      if (await input.isIdTaken(id)) continue;
      const path = composeFiles.composeInfoBase(input.composeDir);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify(document, null, 4)}\n`);
      return { pungiComposeId: id, path };
    }
    throw new Error(`No free Pungi compose id for ${input.release.short} on ${date} after ${MAX_RESPINS} respins`);
  }

  /**
   * The final compose id Pungi wrote to `compose/metadata/composeinfo.json`;
   * null when the file does not exist (yet).
   */
  async readComposeId(composeDirPath: string): Promise<string | null> {
    const path = composeFiles.composeInfo(composeDirPath);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    return composeIdOf(document, path);
  }
}
