/**
 * Lays the hub's RPMs out on disk in Koji's pathinfo layout (what a mounted /mnt/koji holds), so
 * a test can use a local directory as koji_top_url:
 *   <dir>/packages/<name>/<version>/<release>/<arch>/<file>, signed copies under data/signed/<key>/.
 */
import { copyFile, link, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { KojiHub } from '../koji/koji-hub.js';

export async function materializeKojiTree(hub: KojiHub, dir: string): Promise<void> {
  for (const build of hub.state.builds.values()) {
    const buildDir = join(dir, 'packages', build.name, build.version, build.release);
    for (const { rpm, sigkeys } of build.rpms) {
      await place(rpm.path, join(buildDir, rpm.arch, rpm.filename));
      for (const key of sigkeys) await place(rpm.path, join(buildDir, 'data', 'signed', key, rpm.arch, rpm.filename));
    }
  }
}

async function place(source: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  await link(source, dest).catch(() => copyFile(source, dest));
}
