/** Enumerations of CONTRACT §5, by name, in their JSON order. */

/** §5.1 flag names and their bits (`no_flags` = 0 is never listed). */
export const COMPOSE_FLAG_BITS = {
  no_deps: 1,
  no_inheritance: 2,
  include_unpublished_pulp_repos: 4,
  check_deps: 8,
  include_done_modules: 16,
  ignore_absent_pulp_repos: 32,
  no_reuse: 64,
  use_only_compatible_arch: 128,
} as const;
export type ComposeFlagName = keyof typeof COMPOSE_FLAG_BITS;

/** §5.2 source type names and their numeric ids. */
export const SOURCE_TYPE_IDS = {
  tag: 1,
  module: 2,
  repo: 3,
  pulp: 4,
  raw_config: 5,
  build: 6,
  pungi_compose: 7,
} as const;

/** §5.3 result names and bits. */
export const COMPOSE_RESULT_BITS = { repository: 1, iso: 2, ostree: 4, 'boot.iso': 8 } as const;
export type ComposeResultName = keyof typeof COMPOSE_RESULT_BITS;

/** §5.4 multilib method names and bits (`none` = 0). */
export const MULTILIB_METHOD_BITS = { runtime: 1, devel: 2, all: 4 } as const;
export type MultilibMethodName = keyof typeof MULTILIB_METHOD_BITS;

/** §5.5 compose types Pungi knows; any other compose type is treated as `test`. */
export const PUNGI_COMPOSE_TYPES = ['test', 'ci', 'nightly', 'production', 'development'] as const;
export type PungiComposeType = (typeof PUNGI_COMPOSE_TYPES)[number];

export function toPungiComposeType(composeType: string | null | undefined): PungiComposeType {
  return (PUNGI_COMPOSE_TYPES as readonly string[]).includes(composeType ?? '') ? (composeType as PungiComposeType) : 'test';
}
