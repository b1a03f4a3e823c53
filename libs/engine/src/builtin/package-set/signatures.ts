/**
 * Signed-copy choice (Pungi `sigkeys`): the first key in the compose's order that the RPM is
 * signed with; `''` in the list accepts the unsigned file; an empty list means no signature is
 * required. Returns the key (lower-case), `null` for the unsigned file, or `undefined` when no
 * acceptable copy exists.
 */
export function pickSigkey(wanted: readonly string[], signedWith: ReadonlySet<string>): string | null | undefined {
  if (wanted.length === 0) return null;
  for (const key of wanted) {
    if (key === '') return null;
    const lower = key.toLowerCase();
    if (signedWith.has(lower)) return lower;
  }
  return undefined;
}

/** The failure text listing RPMs without an acceptable signature (mirrors Pungi's pkgset error). */
export function unsignedMessage(wanted: readonly string[], nvras: readonly string[]): string {
  const keys = wanted.map((k) => `'${k}'`).join(', ');
  const sorted = [...new Set(nvras)].sort();
  const shown = sorted.slice(0, 50);
  const more = sorted.length > shown.length ? `\n... and ${sorted.length - shown.length} more` : '';
  return `RPM(s) not found for sigs: [${keys}]. Unsigned packages:\n${shown.join('\n')}${more}`;
}
