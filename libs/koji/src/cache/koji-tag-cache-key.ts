/**
 * Name of a compose's entry in the Koji tag cache (CONTRACT §8.8):
 * `<tag>-<flags int>-<sorted sigkeys joined by ->-<sorted arches joined by ->`,
 * e.g. `f26-0--x86_64` or `f26-1-a-b-c-i686-x86_64`.
 *
 * Space-separated strings are split on single spaces exactly as ODCS did (`"".split(" ")` is
 * `[""]`), so keys computed here match directories an ODCS deployment already wrote.
 */
export interface KojiTagCacheKeyInput {
  tag: string;
  /** The compose's flag bitmask. */
  flags: number;
  /** Sigkeys as stored on the compose (space-separated) or already split. */
  sigkeys: string | readonly string[] | null;
  /** Arches as stored on the compose (space-separated) or already split. */
  arches: string | readonly string[] | null;
}

export function kojiTagCacheKey(input: KojiTagCacheKeyInput): string {
  const joinSorted = (value: string | readonly string[] | null): string =>
    [...(typeof value === 'string' || value === null ? (value ?? '').split(' ') : value)].sort().join('-');
  return `${input.tag}-${input.flags}-${joinSorted(input.sigkeys)}-${joinSorted(input.arches)}`;
}
