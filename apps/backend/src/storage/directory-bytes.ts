import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of the files under `dir` (symlinks not followed, hard-linked files counted once). */
export async function directoryBytes(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (path: string): Promise<void> => {
    const info = await lstat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of await readdir(path).catch(() => [] as string[])) await walk(join(path, name));
      return;
    }
    if (!info.isFile()) return;
    const key = `${info.dev}:${info.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    total += info.size;
  };
  await walk(dir);
  return total;
}
