/** One Koji method call: positional arguments plus Python-style keyword arguments. */
export interface KojiCall {
  method: string;
  args?: readonly unknown[];
  kwargs?: Readonly<Record<string, unknown>>;
}

/**
 * Encodes a call's parameters the way Koji's Python client does: `undefined`/`null` positional
 * arguments become `<nil/>`, and keyword arguments travel as a trailing struct marked
 * `__starstar: true` (undefined keywords are left out, so the hub applies its defaults).
 */
export function encodeKojiParams(args: readonly unknown[] = [], kwargs: Readonly<Record<string, unknown>> = {}): unknown[] {
  const params = args.map((a) => (a === undefined ? null : a));
  const keywords = Object.entries(kwargs).filter(([, v]) => v !== undefined);
  if (keywords.length > 0) params.push({ ...Object.fromEntries(keywords), __starstar: true });
  return params;
}
