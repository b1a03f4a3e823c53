import { linkSync, rmSync, statSync } from 'node:fs';
import { copyFile, link, open, rm, stat } from 'node:fs/promises';
import { inBatches } from '../../common/in-batches.js';
import type { PackageCandidate } from '../package-set/package-candidate.js';
import { checkDigest } from './digest-check.js';
import { RpmDigest, type RpmDigestResult } from './rpm-digest.js';
import { RpmFetchError } from './rpm-fetch.error.js';

/** A local RPM and where it goes. */
export interface LocalRpm {
  candidate: PackageCandidate & { origin: { kind: 'file'; path: string } };
  dest: string;
}

/** Error codes of link(2) that mean "copy instead" (another filesystem, no hard links there). */
const NOT_LINKABLE = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']);

/** Whether a local RPM is verified by its size alone (known, and no whole-file checksum to match). */
export function checkedBySize(candidate: PackageCandidate): boolean {
  return candidate.verify.size !== undefined && !candidate.verify.sha256;
}

/**
 * Hard-links local RPMs that are checked by size (see {@link checkedBySize}) and checks their
 * size, synchronously a batch at a time (a link and a stat cost microseconds, less than the
 * thread-pool round trip of their async forms). Returns those that could not be hard-linked
 * (another filesystem) for {@link placeLocalRpm}; throws for a missing or mismatching file.
 */
export async function linkLocalRpms(items: readonly LocalRpm[], signal: AbortSignal, onPlaced: () => void): Promise<LocalRpm[]> {
  const toCopy: LocalRpm[] = [];
  await inBatches(items, signal, (item) => {
    if (!linkSyncOrRefuse(item)) return void toCopy.push(item);
    verify(item, { size: statSync(item.dest).size, headerMd5: item.candidate.verify.headerMd5 ?? null, sha256: null });
    onPlaced();
  });
  return toCopy;
}

/** Hard-links (or copies) one local RPM and checks it, reading it when its size is not enough. */
export async function placeLocalRpm(item: LocalRpm): Promise<void> {
  const { candidate } = item;
  const source = candidate.origin.path;
  await linkOrCopy(source, item.dest).catch((error: NodeJS.ErrnoException) => {
    throw new RpmFetchError(`Cannot read ${candidate.filename} at ${source}: ${error.code ?? error.message}`);
  });
  verify(item, await measureLocal(item.dest, candidate));
}

function verify(item: LocalRpm, got: RpmDigestResult): void {
  const problem = checkDigest(item.candidate, got);
  if (problem) throw new RpmFetchError(`${item.candidate.filename} at ${item.candidate.origin.path} ${problem}`);
}

/** linkSync that replaces an existing dest; false when the file must be copied instead. */
function linkSyncOrRefuse({ candidate, dest }: LocalRpm): boolean {
  const source = candidate.origin.path;
  try {
    linkSync(source, dest);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (NOT_LINKABLE.has(code)) return false;
    if (code !== 'EEXIST') throw new RpmFetchError(`Cannot read ${candidate.filename} at ${source}: ${code || (error as Error).message}`);
    rmSync(dest, { force: true });
    return linkSyncOrRefuse({ candidate, dest });
  }
}

async function linkOrCopy(source: string, dest: string): Promise<void> {
  try {
    await link(source, dest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      await rm(dest, { force: true });
      return linkOrCopy(source, dest);
    }
    if (!NOT_LINKABLE.has(code)) throw error;
    await copyFile(source, dest);
  }
}

/**
 * Checks of a local file (a mounted Koji volume, a local repository): only the size when it is
 * known and no whole-file checksum is, which costs no read; otherwise the file is read.
 */
async function measureLocal(path: string, candidate: PackageCandidate): Promise<RpmDigestResult> {
  const want = candidate.verify;
  if (checkedBySize(candidate)) {
    const { size } = await stat(path);
    return { size, headerMd5: want.headerMd5 ?? null, sha256: null };
  }
  const digest = new RpmDigest(Boolean(want.sha256));
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      digest.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return digest.result();
}
