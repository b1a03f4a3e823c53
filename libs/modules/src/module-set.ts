import { ModuleLookupError } from './module-lookup.error.js';

/** One module build chosen for a compose. */
export interface ModuleEntry {
  name: string;
  stream: string;
  version: string;
  context: string;
}

export const nsvcOf = (m: ModuleEntry): string => `${m.name}:${m.stream}:${m.version}:${m.context}`;

/** Module versions are digit strings longer than a double holds exactly: compare them as text. */
export function newerVersion(a: string | number, b: string | number): boolean {
  const [x, y] = [String(a), String(b)];
  return x.length !== y.length ? x.length > y.length : x > y;
}

/** The builds of the highest version among `builds` (all its contexts). */
export function highestVersion<T extends { version: string | number }>(builds: readonly T[]): T[] {
  if (builds.length === 0) return [];
  const top = builds.reduce((a, b) => (newerVersion(b.version, a.version) ? b : a)).version;
  return builds.filter((b) => String(b.version) === String(top));
}

/**
 * The modules of a compose as resolution collects them: one version per name:stream (another one
 * is a conflict, CONTRACT §8.3), each N:S:V:C once, those not yet expanded waiting in a queue.
 */
export class ModuleSet<T extends ModuleEntry> {
  private readonly byStream = new Map<string, T>();
  private readonly byNsvc = new Map<string, T>();
  private readonly pending: T[] = [];

  add(m: T): void {
    const existing = this.byStream.get(`${m.name}:${m.stream}`);
    if (existing && existing.version !== m.version) throw new ModuleLookupError(`${nsvcOf(m)} conflicts with ${nsvcOf(existing)}`);
    if (this.byNsvc.has(nsvcOf(m))) return;
    this.byStream.set(`${m.name}:${m.stream}`, m);
    this.byNsvc.set(nsvcOf(m), m);
    this.pending.push(m);
  }

  /** The next module whose dependencies were not looked at yet. */
  next(): T | undefined {
    return this.pending.shift();
  }

  /** Whether a build of `name` (in `stream`, when given) is already in. */
  has(name: string, stream: string): boolean {
    return [...this.byStream.values()].some((m) => m.name === name && (!stream || m.stream === stream));
  }

  /** Sorted N:S:V:C list, base modules left out. */
  nsvcs(baseModuleNames: readonly string[]): string[] {
    return [...this.byNsvc.values()]
      .filter((m) => !baseModuleNames.includes(m.name))
      .map(nsvcOf)
      .sort();
  }
}
