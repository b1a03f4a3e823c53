import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * After a raw_config compose (§9.8): `<target>/<compose_type>/<pungi_compose_id>` and
 * `latest-<A>-<B>[-<label>]` (A, B: the first two '-' parts of the id), each a relative link to
 * `../odcs-<id>`; latest links are replaced atomically.
 */
export async function linkRawConfigCompose(input: {
  targetDir: string;
  composeType: string;
  composeDirName: string;
  pungiComposeId: string;
  label: string | null;
}): Promise<string[]> {
  const typeDir = join(input.targetDir, input.composeType);
  await mkdir(typeDir, { recursive: true });
  const dest = join('..', input.composeDirName);
  const [a, b] = input.pungiComposeId.split('-');
  const latest = `latest-${a}-${b ?? ''}`;
  const names = [input.pungiComposeId, latest, ...(input.label ? [`${latest}-${input.label}`] : [])];
  for (const name of names) {
    const tmp = join(typeDir, `.${name}.${process.pid}.tmp`);
    await rm(tmp, { force: true });
    await symlink(dest, tmp);
    await rename(tmp, join(typeDir, name));
  }
  return names.map((n) => join(typeDir, n));
}
