/** Enumerations of CONTRACT §5, in upstream's bit order. */
export const SOURCE_TYPES = { tag: 1, module: 2, repo: 3, pulp: 4, raw_config: 5, build: 6, pungi_compose: 7 } as const;
export type SourceType = keyof typeof SOURCE_TYPES;

export const FLAGS = {
  no_deps: 1,
  no_inheritance: 2,
  include_unpublished_pulp_repos: 4,
  check_deps: 8,
  include_done_modules: 16,
  ignore_absent_pulp_repos: 32,
  no_reuse: 64,
  use_only_compatible_arch: 128,
} as const;
export type FlagName = keyof typeof FLAGS;

export const RESULTS = { repository: 1, iso: 2, ostree: 4, 'boot.iso': 8 } as const;
export type ResultName = keyof typeof RESULTS;

export const MULTILIB_METHODS = { none: 0, runtime: 1, devel: 2, all: 4 } as const;
export type MultilibMethodName = keyof typeof MULTILIB_METHODS;

const SOURCE_TYPE_BY_CODE: readonly (SourceType | undefined)[] = Object.entries(SOURCE_TYPES).reduce<SourceType[]>(
  (byCode, [name, code]) => {
    byCode[code] = name as SourceType;
    return byCode;
  },
  [],
);

export function sourceTypeFromCode(code: number): SourceType {
  const type = SOURCE_TYPE_BY_CODE[code];
  if (!type) throw new RangeError(`Unknown source type code ${code}`);
  return type;
}

export function parseSourceType(value: string): SourceType | undefined {
  if (/^\d+$/.test(value)) return Object.entries(SOURCE_TYPES).find(([, v]) => v === Number(value))?.[0] as SourceType | undefined;
  return Object.hasOwn(SOURCE_TYPES, value) ? (value as SourceType) : undefined;
}

/** Names of the set bits, in table order (no_flags / none never listed). */
export function bitNames<T extends Record<string, number>>(table: T, mask: number): (keyof T & string)[] {
  return Object.entries(table)
    .filter(([, bit]) => bit !== 0 && (mask & bit) === bit)
    .map(([name]) => name);
}

export function bitMask<T extends Record<string, number>>(table: T, names: readonly (keyof T)[]): number {
  return names.reduce((mask, n) => mask | table[n]!, 0);
}
