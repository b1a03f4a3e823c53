import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CandidateChecks } from '../package-set/package-candidate.js';
import { checkedBySize, linkLocalRpms, placeLocalRpm, type LocalRpm } from './local-rpm.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odcs-local-rpm-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rpm(name: string, content: string, verify: (bytes: Buffer) => CandidateChecks): Promise<LocalRpm> {
  const path = join(dir, `${name}.rpm`);
  await writeFile(path, content);
  const filename = `${name}-1-1.noarch.rpm`;
  return {
    candidate: {
      filename,
      name,
      epoch: null,
      version: '1',
      release: '1',
      arch: 'noarch',
      sourceKey: `${name}-0:1-1.src`,
      origin: { kind: 'file', path },
      sigkey: null,
      verify: verify(Buffer.from(content)),
    },
    dest: join(dir, `placed-${filename}`),
  };
}

describe('local RPMs', () => {
  it('tells which files their size alone verifies', async () => {
    expect(checkedBySize((await rpm('a', 'x', () => ({ size: 1, headerMd5: 'f'.repeat(32) }))).candidate)).toBe(true);
    expect(checkedBySize((await rpm('b', 'x', () => ({ size: 1, sha256: 'f'.repeat(64) }))).candidate)).toBe(false);
    expect(checkedBySize((await rpm('c', 'x', () => ({ headerMd5: 'f'.repeat(32) }))).candidate)).toBe(false);
  });

  it('hard-links files checked by size, replacing what is in the way, and counts them', async () => {
    const items = await Promise.all(['a', 'b', 'c'].map((n) => rpm(n, `content of ${n}`, (b) => ({ size: b.length }))));
    await writeFile(items[1]!.dest, 'stale');
    let placed = 0;

    const toCopy = await linkLocalRpms(items, new AbortController().signal, () => placed++);

    expect(toCopy).toEqual([]);
    expect(placed).toBe(3);
    for (const item of items) expect((await stat(item.dest)).ino).toBe((await stat(item.candidate.origin.path)).ino);
  });

  it('fails naming the file whose size differs, or that is missing', async () => {
    const short = await rpm('short', 'abc', () => ({ size: 4 }));
    await expect(linkLocalRpms([short], new AbortController().signal, () => undefined)).rejects.toThrow(
      `short-1-1.noarch.rpm at ${short.candidate.origin.path} has 3 bytes, expected 4`,
    );
    const gone = await rpm('gone', 'abc', () => ({ size: 3 }));
    await rm(gone.candidate.origin.path);
    await expect(linkLocalRpms([gone], new AbortController().signal, () => undefined)).rejects.toThrow(
      `Cannot read gone-1-1.noarch.rpm at ${gone.candidate.origin.path}: ENOENT`,
    );
  });

  it('reads a file to check its SHA-256 when one is known', async () => {
    const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    const good = await rpm('good', 'payload', (b) => ({ size: b.length, sha256: sha256(b) }));
    await placeLocalRpm(good);
    expect(await readFile(good.dest, 'utf8')).toBe('payload');

    const bad = await rpm('bad', 'payload', (b) => ({ sha256: sha256(Buffer.concat([b, b])) }));
    await expect(placeLocalRpm(bad)).rejects.toThrow(/^bad-1-1\.noarch\.rpm at .* has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}$/);
  });
});
