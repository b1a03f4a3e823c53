import type { ModuleContentBuild } from './koji-module-content.js';
import type { PackageCandidate } from './package-candidate.js';
import { compareEvr } from './rpm-version.js';

/** The RPMs a compose may draw from, narrowed to the compose's arches. */
export interface PackageSet {
  candidates: PackageCandidate[];
  /**
   * File names of the candidates without a copy signed by an acceptable key (they are in
   * `candidates` as their unsigned copy, so the solver sees them; the compose must not get one).
   */
  unsigned: ReadonlySet<string>;
  /** Module composes: the compose's modules, whose modulemd documents become modules.yaml. */
  modules?: ModuleContentBuild[];
  /** Module composes: file names of the candidates that are module RPMs (the others are non-modular). */
  modular?: ReadonlySet<string>;
}

/** Keeps one candidate per name and arch: the highest epoch:version-release, first seen on a tie. */
export function newestPerNameArch(candidates: readonly PackageCandidate[]): PackageCandidate[] {
  const best = new Map<string, PackageCandidate>();
  for (const c of candidates) {
    const key = `${c.name}.${c.arch}`;
    const kept = best.get(key);
    if (!kept || compareEvr(c, kept) > 0) best.set(key, c);
  }
  return [...best.values()];
}
