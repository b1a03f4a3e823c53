import type { PungiComposeSpec } from '@odcs/pungi';
import type { PackageCandidate } from './package-set/package-candidate.js';
import { archPlan, belongsTo, type ArchPlan } from './package-set/arches.js';

/** How the built-in engine picks a compose's packages from its package set. */
export interface SelectionPlan {
  arches: ArchPlan[];
  /** Requested package names; null = every package of the set. */
  roots: string[] | null;
  /** Add the dependency closure (not with no_deps). */
  followDeps: boolean;
  checkDeps: boolean;
  multilibMethods: string[];
  /**
   * Whether package headers must be read (dependency closure, check_deps or multilib); when
   * false, the selection is a plain filter and only the selected RPMs are fetched.
   */
  needsSolver: boolean;
}

export function selectionPlan(spec: PungiComposeSpec): SelectionPlan {
  const multilibMethods = spec.multilibMethods.filter((m) => m !== 'none');
  const multilibArches = multilibMethods.length > 0 ? spec.multilibArches : [];
  const arches = [...new Set(spec.arches)].map((a) => archPlan(a, multilibArches));
  const roots = spec.packages.length > 0 ? [...spec.packages] : null;
  const followDeps = !spec.flags.includes('no_deps');
  const checkDeps = spec.flags.includes('check_deps');
  const multilib = arches.some((a) => a.multilib.length > 0);
  return { arches, roots, followDeps, checkDeps, multilibMethods, needsSolver: checkDeps || multilib || (roots !== null && followDeps) };
}

/** The plain-filter selection of one arch: its candidates, narrowed to the requested names. */
export function filterSelection(plan: SelectionPlan, arch: ArchPlan, candidates: readonly PackageCandidate[]): PackageCandidate[] {
  const names = plan.roots ? new Set(plan.roots) : null;
  return candidates.filter((c) => belongsTo(arch, c.arch) && !arch.multilib.includes(c.arch) && (!names || names.has(c.name)));
}
