import { readFile } from 'node:fs/promises';
import { composeFiles } from '@odcs/pungi';

/** Name of a `name-[epoch:]version-release.arch` string (productmd's parse_nvra). */
export function nameOfNevra(nevra: string): string {
  const withoutArch = nevra.slice(0, nevra.lastIndexOf('.'));
  const withoutRelease = withoutArch.slice(0, withoutArch.lastIndexOf('-'));
  return withoutRelease.slice(0, withoutRelease.lastIndexOf('-'));
}

/** Binary RPM names listed in a productmd rpms.json document (source RPMs excluded). */
export function binaryRpmNames(rpmsJson: unknown): Set<string> {
  const names = new Set<string>();
  const variants = (rpmsJson as { payload?: { rpms?: unknown } } | null)?.payload?.rpms;
  for (const arches of objectValues(variants)) {
    for (const sources of objectValues(arches)) {
      for (const rpms of objectValues(sources)) {
        for (const [nevra, info] of Object.entries(asObject(rpms))) {
          if ((info as { category?: unknown } | null)?.category === 'source') continue;
          names.add(nameOfNevra(nevra));
        }
      }
    }
  }
  return names;
}

/** §8.4 step 8: the requested names missing from the compose, in request order; null when none. */
export function missingPackagesMessage(requested: readonly string[], present: ReadonlySet<string>): string | null {
  const missing = requested.filter((p) => !present.has(p));
  if (missing.length === 0) return null;
  return `The following requested packages are not present in the generated compose: ${missing.join(' ')}.`;
}

/** Reads `compose/metadata/rpms.json` of a compose dir and checks the requested packages. */
export async function checkRequestedPackages(composeDir: string, requested: readonly string[]): Promise<string | null> {
  if (requested.length === 0) return null;
  const path = composeFiles.rpms(composeDir);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return `Cannot read ${path}: ${(error as Error).message}`;
  }
  return missingPackagesMessage(requested, binaryRpmNames(document));
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function objectValues(value: unknown): unknown[] {
  return Object.values(asObject(value));
}
