/** One binary RPM the built-in engine may put into a compose. */
export interface PackageCandidate {
  /** `<name>-<version>-<release>.<arch>.rpm`; unique within a package set. */
  filename: string;
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
  /** rpms.json key of its source RPM: `<srpm name>-<epoch>:<version>-<release>.src`. */
  sourceKey: string;
  /** Where the file is fetched from: a URL, or a local file (hard-linked when possible). */
  origin: { kind: 'url'; url: string } | { kind: 'file'; path: string };
  /** Signing key of the copy taken (lower-case), null for the unsigned file. */
  sigkey: string | null;
  /** What the fetched file must match. */
  verify: CandidateChecks;
}

export interface CandidateChecks {
  /** File size in bytes (known for unsigned copies and repo packages). */
  size?: number;
  /** MD5 (hex) of the RPM header and payload: Koji's payloadhash, equal for signed and unsigned copies. */
  headerMd5?: string;
  /** SHA-256 (hex) of the whole file (from repository metadata). */
  sha256?: string;
}

/** `name-epoch:version-release.arch`, as productmd writes NEVRAs (epoch 0 when unset). */
export function nevraOf(p: Pick<PackageCandidate, 'name' | 'epoch' | 'version' | 'release' | 'arch'>): string {
  return `${p.name}-${p.epoch ?? 0}:${p.version}-${p.release}.${p.arch}`;
}

/** `name-version-release.arch`. */
export function nvraOf(p: Pick<PackageCandidate, 'name' | 'version' | 'release' | 'arch'>): string {
  return `${p.name}-${p.version}-${p.release}.${p.arch}`;
}
