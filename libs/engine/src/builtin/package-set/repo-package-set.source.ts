import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { PackageCandidate } from './package-candidate.js';
import { newestPerNameArch, type PackageSet } from './package-set.js';
import { parsePrimaryXml, parseSourceRpmName, primaryHref, type PrimaryPackage } from './primary-xml.js';

/** The package set of a `repo` compose: the binary packages of a local RPM repository. */
@Injectable()
export class RepoPackageSetSource {
  async load(source: string, rpmArches: readonly string[]): Promise<PackageSet> {
    const root = source.startsWith('file:') ? fileURLToPath(source) : source;
    if (!isAbsolute(root)) throw new Error(`Repository source must be an absolute path, got ${JSON.stringify(source)}`);
    const repomdPath = resolve(root, 'repodata', 'repomd.xml');
    const repomd = await readFile(repomdPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read the repository ${root}: ${repomdPath}: ${error.code ?? error.message}`);
    });
    const href = primaryHref(repomd);
    if (!href) throw new Error(`${repomdPath} lists no primary metadata`);
    const primary = await readMetadata(inside(root, href));
    const candidates = parsePrimaryXml(primary)
      .filter((p) => rpmArches.includes(p.arch))
      .map((p) => toCandidate(root, p));
    return { candidates: newestPerNameArch(candidates), unsigned: new Set() };
  }
}

async function readMetadata(path: string): Promise<string> {
  const bytes = await readFile(path);
  if (path.endsWith('.gz')) return gunzipSync(bytes).toString('utf8');
  if (path.endsWith('.xml')) return bytes.toString('utf8');
  throw new Error(
    `Cannot read ${path}: only gzip-compressed or plain primary metadata is supported (createrepo_c --general-compress-type=gz)`,
  );
}

function toCandidate(root: string, p: PrimaryPackage): PackageCandidate {
  const source = parseSourceRpmName(p.sourcerpm) ?? { name: p.name, version: p.version, release: p.release };
  return {
    filename: `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`,
    name: p.name,
    epoch: p.epoch,
    version: p.version,
    release: p.release,
    arch: p.arch,
    sourceKey: `${source.name}-${p.epoch ?? 0}:${source.version}-${source.release}.src`,
    origin: { kind: 'file', path: inside(root, p.href) },
    sigkey: null,
    verify: {
      size: Number.isFinite(p.size) ? p.size : undefined,
      sha256: p.checksumType === 'sha256' && p.checksum ? p.checksum : undefined,
    },
  };
}

/** A path below the repository root; metadata pointing outside it is refused. */
function inside(root: string, href: string): string {
  const path = resolve(root, href);
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`Repository metadata points outside ${root}: ${href}`);
  return path;
}
