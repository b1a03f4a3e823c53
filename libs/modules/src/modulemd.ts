import { load } from 'js-yaml';

/** Runtime dependencies of a modulemd v2 document: module name → streams (an empty list means any stream). */
export function runtimeRequires(modulemd: string | null | undefined): Map<string, string[]> {
  const requires = new Map<string, string[]>();
  if (!modulemd) return requires;
  let doc: unknown;
  try {
    doc = load(modulemd);
  } catch (e) {
    throw new Error(`Invalid modulemd: ${(e as Error).message.split('\n')[0]}`);
  }
  const deps = (doc as { data?: { dependencies?: unknown } } | null)?.data?.dependencies;
  if (!Array.isArray(deps)) return requires;
  for (const dep of deps) {
    const req = (dep as { requires?: unknown } | null)?.requires;
    if (!req || typeof req !== 'object') continue;
    for (const [name, streams] of Object.entries(req as Record<string, unknown>)) {
      const list = Array.isArray(streams) ? streams.map(String) : typeof streams === 'string' ? [streams] : [];
      requires.set(name, [...new Set([...(requires.get(name) ?? []), ...list])]);
    }
  }
  return requires;
}

/** `el8.2.0` → 80200, `f30` → 300000: the stream version MBS derives from a base module stream. */
export function streamVersionOf(stream: string): number | null {
  const m = /^\D*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(stream);
  if (!m) return null;
  return Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0);
}

/** The `data.artifacts.rpms` NEVRAs (`name-epoch:version-release.arch`) of a modulemd v2 document. */
export function artifactRpms(modulemd: string): Set<string> {
  const doc = load(modulemd) as { data?: { artifacts?: { rpms?: unknown } } } | null;
  const rpms = doc?.data?.artifacts?.rpms;
  return new Set(Array.isArray(rpms) ? rpms.map(String) : []);
}
