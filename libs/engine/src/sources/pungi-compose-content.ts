/** What a pungi_compose compose takes over from the compose it points at (CONTRACT §8.3). */
export interface PungiComposeContent {
  /** Sorted signing keys; unsigned RPMs add a trailing '' entry. */
  sigkeys: string[];
  arches: string[];
  /** Source NVRs (name-version-release, no epoch). */
  builds: string[];
  /** Binary RPM names. */
  packages: string[];
}

/** `<variant_url>/../metadata/rpms.json` and the variant name (the last path component). */
export function rpmsJsonLocation(variantUrl: string): { url: string; variant: string } {
  const trimmed = variantUrl.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  if (cut < 0) throw new Error(`${variantUrl} is not the URL of a compose variant`);
  return { url: `${trimmed.slice(0, cut)}/metadata/rpms.json`, variant: trimmed.slice(cut + 1) };
}

const NEVRA = /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+)\.([^.]+)$/;

function parseNevra(nevra: string): { name: string; version: string; release: string; arch: string } | null {
  const m = NEVRA.exec(nevra.replace(/\.rpm$/, ''));
  return m ? { name: m[1]!, version: m[3]!, release: m[4]!, arch: m[5]! } : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads one variant of a productmd rpms.json document (payload → rpms → variant → arch →
 * source NEVRA → binary NEVRA → {category, sigkey}). Source RPMs and the `src` arch are skipped.
 */
export function pungiComposeContent(document: unknown, url: string, variant: string): PungiComposeContent {
  const payload = isObject(document) ? document['payload'] : undefined;
  const rpms = isObject(payload) ? payload['rpms'] : undefined;
  const variantData = isObject(rpms) ? rpms[variant] : undefined;
  if (!isObject(variantData)) throw new Error(`The ${url} does not contain payload -> rpms -> ${variant} section`);
  const arches = new Set<string>();
  const builds = new Set<string>();
  const packages = new Set<string>();
  const sigkeys = new Set<string>();
  let unsigned = false;
  for (const [arch, bySource] of Object.entries(variantData)) {
    if (arch === 'src' || !isObject(bySource)) continue;
    arches.add(arch);
    for (const [srpm, binaries] of Object.entries(bySource)) {
      const source = parseNevra(srpm);
      if (!source || !isObject(binaries))
        throw new Error(`The ${url} lists a malformed source RPM ${JSON.stringify(srpm)} in ${variant}.${arch}`);
      for (const [nevra, data] of Object.entries(binaries)) {
        const rpm = parseNevra(nevra);
        const info = isObject(data) ? data : {};
        if (!rpm) throw new Error(`The ${url} lists a malformed RPM ${JSON.stringify(nevra)} in ${variant}.${arch}`);
        if (info['category'] === 'source' || rpm.arch === 'src') continue;
        builds.add(`${source.name}-${source.version}-${source.release}`);
        packages.add(rpm.name);
        const sigkey = info['sigkey'];
        if (typeof sigkey === 'string' && sigkey !== '') sigkeys.add(sigkey);
        else unsigned = true;
      }
    }
  }
  return {
    sigkeys: [...[...sigkeys].sort(), ...(unsigned ? [''] : [])],
    arches: [...arches].sort(),
    builds: [...builds].sort(),
    packages: [...packages].sort(),
  };
}
