/** The fields of a repository's primary.xml the built-in engine needs, per package. */
export interface PrimaryPackage {
  name: string;
  arch: string;
  epoch: number | null;
  version: string;
  release: string;
  /** Checksum type (sha256, sha1, ...) and hex value of the whole file. */
  checksumType: string;
  checksum: string;
  size: number;
  /** `location href`, relative to the repository root. */
  href: string;
  /** Source RPM file name, e.g. `foo-1.0-1.src.rpm`; '' when unknown. */
  sourcerpm: string;
}

/** Location of the primary metadata in a repomd.xml text, or null. */
export function primaryHref(repomdXml: string): string | null {
  for (const data of repomdXml.match(/<data\b[^>]*>[\s\S]*?<\/data>/g) ?? []) {
    if (attr(data, 'data', 'type') !== 'primary') continue;
    return attr(data, 'location', 'href');
  }
  return null;
}

/** Parses the binary packages of a primary.xml text (source packages are skipped). */
export function parsePrimaryXml(xml: string): PrimaryPackage[] {
  const packages: PrimaryPackage[] = [];
  for (const block of xml.match(/<package\b[^>]*>[\s\S]*?<\/package>/g) ?? []) {
    const arch = text(block, 'arch');
    if (arch === 'src' || arch === 'nosrc') continue;
    const epoch = attr(block, 'version', 'epoch');
    packages.push({
      name: text(block, 'name'),
      arch,
      epoch: epoch === null || epoch === '' ? null : Number(epoch),
      version: attr(block, 'version', 'ver') ?? '',
      release: attr(block, 'version', 'rel') ?? '',
      checksumType: attr(block, 'checksum', 'type') ?? '',
      checksum: text(block, 'checksum').toLowerCase(),
      size: Number(attr(block, 'size', 'package') ?? 'NaN'),
      href: attr(block, 'location', 'href') ?? '',
      sourcerpm: text(block, 'rpm:sourcerpm'),
    });
  }
  return packages;
}

/** `foo-1.0-1.src.rpm` → name, version, release; null when it is not such a name. */
export function parseSourceRpmName(file: string): { name: string; version: string; release: string } | null {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1]!, version: m[2]!, release: m[3]! } : null;
}

function text(block: string, element: string): string {
  const m = new RegExp(`<${element}(?:\\s[^>]*)?>([^<]*)</${element}>`).exec(block);
  return m ? decode(m[1]!) : '';
}

function attr(block: string, element: string, name: string): string | null {
  const tag = new RegExp(`<${element}\\b([^>]*)>`).exec(block);
  if (!tag) return null;
  const m = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag[1]!);
  return m ? decode(m[1] ?? m[2] ?? '') : null;
}

function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()] ?? '';
  });
}
