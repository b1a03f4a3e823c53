import type { PackageCandidate } from '../package-set/package-candidate.js';
import type { RpmDigestResult } from './rpm-digest.js';

/** Why a fetched file does not match what the package set says about it; null when it does. */
export function checkDigest(candidate: Pick<PackageCandidate, 'verify'>, got: RpmDigestResult): string | null {
  const want = candidate.verify;
  if (want.size !== undefined && got.size !== want.size) return `has ${got.size} bytes, expected ${want.size}`;
  if (want.headerMd5 !== undefined) {
    if (got.headerMd5 === null) return 'is not an RPM file';
    if (got.headerMd5 !== want.headerMd5) return `has header+payload MD5 ${got.headerMd5}, expected ${want.headerMd5}`;
  }
  if (want.sha256 !== undefined && got.sha256 !== want.sha256) return `has SHA-256 ${got.sha256 ?? '?'}, expected ${want.sha256}`;
  return null;
}
