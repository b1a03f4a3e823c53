/**
 * Builds tiny, real RPMs with rpmbuild from declarative specs, cached by content hash under
 * os.tmpdir() so repeated test runs (and parallel workers) reuse the same files.
 *
 *   const [foo] = await buildRpms([{ name: 'foo', version: '1.0', release: '1', arch: 'noarch' }]);
 *   foo.path  // /tmp/odcs-test-rpms/<hash>/foo-1.0-1.noarch.rpm (treat as read-only)
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { normalizeRpmSpec, renderRpmSpecFile, type RpmSpec } from './rpm-spec.js';

export type { RpmFileSpec, RpmSpec } from './rpm-spec.js';

const run = promisify(execFile);

/** Bump when the spec rendering or build flags change, to invalidate old cache entries. */
const BUILDER_VERSION = 1;
/** Fixed build time, so rebuilding a spec gives the same header (and the same payload hash). */
const SOURCE_DATE_EPOCH = '1700000000';

export interface BuiltRpm {
  /** Absolute path of the RPM file (inside the shared cache unless `outDir` was given). */
  path: string;
  /** `<name>-<version>-<release>.<arch>.rpm` */
  filename: string;
  name: string;
  version: string;
  release: string;
  arch: string;
  epoch: number | null;
  /** `<name>-<version>-<release>` */
  nvr: string;
  /** `<name>-<version>-<release>.<arch>` */
  nvra: string;
  /** Source RPM file name from the header; null for a source RPM. */
  sourcerpm: string | null;
  /** File size in bytes. */
  size: number;
  /** Hex sha256 of the file. */
  sha256: string;
  /** Hex MD5 of header+payload (rpm SIGMD5), what Koji calls payloadhash. */
  payloadhash: string;
  /** Header build time (seconds since epoch). */
  buildtime: number;
}

export interface BuildRpmsOptions {
  /** Copy the built RPMs into this directory and report those paths. */
  outDir?: string;
  /** Cache root; defaults to `<os.tmpdir()>/odcs-test-rpms`. */
  cacheDir?: string;
}

export function defaultRpmCacheDir(): string {
  return join(tmpdir(), 'odcs-test-rpms');
}

/** Builds (or takes from cache) one RPM per spec, in order. */
export async function buildRpms(specs: readonly RpmSpec[], options: BuildRpmsOptions = {}): Promise<BuiltRpm[]> {
  const cacheDir = options.cacheDir ?? defaultRpmCacheDir();
  await mkdir(cacheDir, { recursive: true });
  const results: BuiltRpm[] = [];
  for (const spec of specs) {
    // Sequential on purpose: rpmbuild is fast (~0.1 s) and the machine's cores are shared.
    let built = await buildCached(spec, cacheDir);
    if (options.outDir) {
      await mkdir(options.outDir, { recursive: true });
      const target = join(options.outDir, built.filename);
      await copyFile(built.path, target);
      built = { ...built, path: target };
    }
    results.push(built);
  }
  return results;
}

/** Convenience for a single spec. */
export async function buildRpm(spec: RpmSpec, options: BuildRpmsOptions = {}): Promise<BuiltRpm> {
  const [built] = await buildRpms([spec], options);
  if (!built) throw new Error(`rpmbuild produced nothing for ${spec.name}`);
  return built;
}

function cacheKey(spec: RpmSpec): string {
  const material = JSON.stringify({ v: BUILDER_VERSION, spec: normalizeRpmSpec(spec) });
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

async function buildCached(spec: RpmSpec, cacheDir: string): Promise<BuiltRpm> {
  const entry = join(cacheDir, cacheKey(spec));
  const cached = await readEntry(entry);
  if (cached) return cached;

  const work = join(cacheDir, `.build-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const out = join(work, 'out');
    await mkdir(out, { recursive: true });
    await runRpmbuild(spec, work, out);
    const [file] = (await readdir(out)).filter((f) => f.endsWith('.rpm'));
    if (!file) throw new Error(`rpmbuild wrote no RPM for ${spec.name}`);
    const info = await inspectRpm(join(out, file), spec.arch === 'src');
    await writeFile(join(out, 'meta.json'), JSON.stringify({ ...info, path: undefined }));
    try {
      await rename(out, entry); // atomic publish; a parallel worker may have won the race
    } catch (err) {
      if (!(await readEntry(entry))) throw err;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const published = await readEntry(entry);
  if (!published) throw new Error(`RPM cache entry ${entry} is unreadable after build`);
  return published;
}

async function readEntry(entry: string): Promise<BuiltRpm | null> {
  try {
    const meta = JSON.parse(await readFile(join(entry, 'meta.json'), 'utf8')) as Omit<BuiltRpm, 'path'>;
    const path = join(entry, meta.filename);
    await stat(path);
    return { ...meta, path };
  } catch {
    return null;
  }
}

async function runRpmbuild(spec: RpmSpec, work: string, out: string): Promise<void> {
  const specFile = join(work, 'package.spec');
  await writeFile(specFile, renderRpmSpecFile(spec));
  const isSource = spec.arch === 'src';
  const args = [
    isSource ? '-bs' : '-bb',
    '--nodeps',
    ...(isSource || spec.arch === 'noarch' ? [] : ['--target', spec.arch]),
    '--define',
    `_topdir ${join(work, 'top')}`,
    '--define',
    `_rpmdir ${out}`,
    '--define',
    `_srcrpmdir ${out}`,
    '--define',
    '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm',
    '--define',
    'debug_package %{nil}',
    '--define',
    '_buildhost odcs-test',
    '--define',
    'use_source_date_epoch_as_buildtime 1',
    '--define',
    'clamp_mtime_to_source_date_epoch 1',
    '--define',
    '__os_install_post %{nil}',
    specFile,
  ];
  try {
    await run('rpmbuild', args, { env: { ...process.env, SOURCE_DATE_EPOCH, LC_ALL: 'C' } });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`rpmbuild failed for ${spec.name} (${spec.arch}): ${e.stderr?.trim() || e.message}`);
  }
}

async function inspectRpm(path: string, isSource: boolean): Promise<BuiltRpm> {
  const qf = ['NAME', 'VERSION', 'RELEASE', 'ARCH', 'EPOCH', 'SOURCERPM', 'SIGMD5', 'BUILDTIME'].map((t) => `%{${t}}`).join('\\n');
  const { stdout } = await run('rpm', ['-qp', '--nosignature', '--qf', qf, path], { env: { ...process.env, LC_ALL: 'C' } });
  const [name = '', version = '', release = '', headerArch = '', epoch = '', sourcerpm = '', sigmd5 = '', buildtime = '0'] =
    stdout.split('\n');
  const arch = isSource ? 'src' : headerArch;
  const bytes = await readFile(path);
  const nvr = `${name}-${version}-${release}`;
  return {
    path,
    filename: `${nvr}.${arch}.rpm`,
    name,
    version,
    release,
    arch,
    epoch: epoch === '(none)' ? null : Number(epoch),
    nvr,
    nvra: `${nvr}.${arch}`,
    sourcerpm: isSource || sourcerpm === '(none)' ? null : sourcerpm,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    payloadhash: sigmd5,
    buildtime: Number(buildtime),
  };
}

/** An RPM of a module build (ModularityLabel `label`), or a non-modular one (`label` null). */
export const moduleRpm = (
  name: string,
  version: string,
  release: string,
  arch: string,
  label: string | null,
  extra: Partial<RpmSpec> = {},
): RpmSpec => ({ name, version, release, arch, ...(label ? { modularityLabel: label } : {}), ...extra });

/** The built RPMs of the build whose source RPM is `nvr` (its binary RPMs and the source RPM itself). */
export const rpmsOfBuild = (all: readonly BuiltRpm[], nvr: string): BuiltRpm[] =>
  all.filter((r) => (r.sourcerpm ?? r.filename).startsWith(`${nvr}.`));
