import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeMeasured } from './measured-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odcs-measured-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe('writeMeasured', () => {
  it('writes every chunk, across write batches, and measures the whole', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 12345);
    const path = join(dir, 'big.rpm');

    const result = await writeMeasured(chunks(data, 100_000), path, true);

    expect((await readFile(path)).equals(data)).toBe(true);
    expect(result).toEqual({ size: data.length, headerMd5: null, sha256: createHash('sha256').update(data).digest('hex') });
  });

  it('replaces what was there before', async () => {
    const path = join(dir, 'again.rpm');
    await writeFile(path, 'an earlier, longer attempt');

    const result = await writeMeasured(chunks(Buffer.from('short'), 2), path, false);

    expect(await readFile(path, 'utf8')).toBe('short');
    expect(result).toEqual({ size: 5, headerMd5: null, sha256: null });
  });

  it('passes on the error of a source that fails midway', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('half');
      throw new Error('aborted');
    }
    await expect(writeMeasured(broken(), join(dir, 'cut.rpm'), false)).rejects.toThrow('aborted');
  });
});
