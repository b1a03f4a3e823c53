import { open, type FileHandle } from 'node:fs/promises';
import { RpmDigest, type RpmDigestResult } from './rpm-digest.js';

/** Bytes gathered before they are written in one call (whole RPMs of usual size: one write each). */
const WRITE_BATCH = 1 << 20;

/**
 * Writes a stream of chunks to `path` (created or truncated), measuring them on the way (size,
 * RPM header+payload MD5, SHA-256 when asked); chunks are gathered and written a megabyte at a
 * time, so a file costs an open, a write or a few, and a close.
 */
export async function writeMeasured(source: AsyncIterable<Buffer>, path: string, withSha256: boolean): Promise<RpmDigestResult> {
  const digest = new RpmDigest(withSha256);
  const file = await open(path, 'w');
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of source) {
      digest.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BATCH) {
        await writeAll(file, pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) await writeAll(file, pending, pendingBytes);
  } finally {
    await file.close();
  }
  return digest.result();
}

/** writev, continued until every byte is written (a short write is rare on files, but allowed). */
async function writeAll(file: FileHandle, buffers: Buffer[], total: number): Promise<void> {
  const { bytesWritten } = await file.writev(buffers);
  if (bytesWritten === total) return;
  let rest = Buffer.concat(buffers).subarray(bytesWritten);
  while (rest.length > 0) rest = rest.subarray((await file.write(rest)).bytesWritten);
}
