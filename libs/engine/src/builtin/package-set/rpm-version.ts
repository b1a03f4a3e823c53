/**
 * RPM version comparison (rpmvercmp): segments of digits or letters compared in turn, digits
 * beat letters, `~` sorts before everything (even the end), `^` after the end but before more.
 */
export function rpmVerCmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a[i]!) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]!) && b[j] !== '~' && b[j] !== '^') j++;
    const ca = a[i];
    const cb = b[j];
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;
    const numeric = isDigit(ca);
    const segA = take(a, i, numeric);
    const segB = take(b, j, numeric);
    i += segA.length;
    j += segB.length;
    if (segB.length === 0) return numeric ? 1 : -1; // different segment types: numeric wins
    if (numeric) {
      const na = segA.replace(/^0+/, '');
      const nb = segB.replace(/^0+/, '');
      if (na.length !== nb.length) return na.length > nb.length ? 1 : -1;
      if (na !== nb) return na > nb ? 1 : -1;
    } else if (segA !== segB) {
      return segA > segB ? 1 : -1;
    }
  }
  const restA = i < a.length;
  const restB = j < b.length;
  if (!restA && !restB) return 0;
  return restA ? 1 : -1;
}

/** Compares epoch:version-release (a null epoch counts as 0). */
export function compareEvr(
  a: { epoch: number | null; version: string; release: string },
  b: { epoch: number | null; version: string; release: string },
): number {
  const ea = a.epoch ?? 0;
  const eb = b.epoch ?? 0;
  if (ea !== eb) return ea > eb ? 1 : -1;
  return rpmVerCmp(a.version, b.version) || rpmVerCmp(a.release, b.release);
}

function take(s: string, from: number, digits: boolean): string {
  let end = from;
  while (end < s.length && (digits ? isDigit(s[end]!) : isAlpha(s[end]!))) end++;
  return s.slice(from, end);
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string): boolean => isDigit(c) || isAlpha(c);
