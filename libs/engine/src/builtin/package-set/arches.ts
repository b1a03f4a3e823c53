/**
 * Which RPM arches go into the repository of a compose arch: its native arches plus noarch,
 * and, when the arch is a multilib arch of the compose, the compatible 32-bit arches (§5.4).
 */
const NATIVE_ARCHES: Readonly<Record<string, readonly string[]>> = {
  x86_64: ['x86_64'],
  i686: ['i686', 'i586', 'i486', 'i386'],
  i386: ['i686', 'i586', 'i486', 'i386'],
  aarch64: ['aarch64'],
  ppc64le: ['ppc64le'],
  ppc64: ['ppc64'],
  s390x: ['s390x'],
  armhfp: ['armv7hl', 'armv7hnl'],
  armv7hl: ['armv7hl'],
};

const MULTILIB_ARCHES: Readonly<Record<string, readonly string[]>> = {
  x86_64: ['i686', 'i586', 'i486', 'i386'],
  ppc64: ['ppc'],
  s390x: ['s390'],
};

export interface ArchPlan {
  /** The compose arch: the `<arch>` of `compose/Temporary/<arch>/os`. */
  arch: string;
  /** RPM arches native to it, noarch excluded. */
  native: readonly string[];
  /** Compatible arches taken as multilib (empty unless the arch is a multilib arch). */
  multilib: readonly string[];
}

export function archPlan(arch: string, multilibArches: readonly string[]): ArchPlan {
  return {
    arch,
    native: NATIVE_ARCHES[arch] ?? [arch],
    multilib: multilibArches.includes(arch) ? (MULTILIB_ARCHES[arch] ?? []) : [],
  };
}

/** Every RPM arch a compose needs from the package set (for the Koji query), src excluded. */
export function packageSetArches(plans: readonly ArchPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => [...p.native, ...p.multilib, 'noarch']))];
}

/** Whether an RPM of `rpmArch` belongs to a compose arch's candidates. */
export function belongsTo(plan: ArchPlan, rpmArch: string): boolean {
  return rpmArch === 'noarch' || plan.native.includes(rpmArch) || plan.multilib.includes(rpmArch);
}
