/** Declarative description of one tiny test RPM and its rendering as an rpmbuild spec file. */

export interface RpmFileSpec {
  /** Absolute path inside the package, e.g. `/usr/share/foo/readme.txt`. */
  path: string;
  /** File content; defaults to a line naming the package. */
  content?: string;
}

export interface RpmSpec {
  name: string;
  version: string;
  release: string;
  /** `noarch`, `x86_64`, `i686`, `aarch64`, ... or `src` for the source RPM of `sourceName ?? name`. */
  arch: string;
  epoch?: number;
  /** Source package name (the Koji build's package name); defaults to `name`. */
  sourceName?: string;
  summary?: string;
  requires?: string[];
  provides?: string[];
  conflicts?: string[];
  obsoletes?: string[];
  /** Files shipped by the package; defaults to one small text file under /usr/share/<name>/. */
  files?: RpmFileSpec[];
  /** `ModularityLabel` header of a module's RPM (`name:stream:version:context`). */
  modularityLabel?: string;
}

/** Returns the spec with defaults applied, so equal packages hash equally. */
export type NormalizedRpmSpec = Required<Omit<RpmSpec, 'epoch' | 'files' | 'modularityLabel'>> & {
  modularityLabel?: string;
  epoch: number | null;
  files: Array<Required<RpmFileSpec>>;
};

export function normalizeRpmSpec(spec: RpmSpec): NormalizedRpmSpec {
  const sourceName = spec.sourceName ?? spec.name;
  const defaultFile: RpmFileSpec = { path: `/usr/share/${spec.name}/${spec.name}.txt` };
  return {
    name: spec.name,
    version: spec.version,
    release: spec.release,
    arch: spec.arch,
    epoch: spec.epoch ?? null,
    sourceName,
    summary: spec.summary ?? `ODCS test package ${spec.name}`,
    requires: [...(spec.requires ?? [])],
    provides: [...(spec.provides ?? [])],
    conflicts: [...(spec.conflicts ?? [])],
    obsoletes: [...(spec.obsoletes ?? [])],
    ...(spec.modularityLabel ? { modularityLabel: spec.modularityLabel } : {}),
    files: (spec.files ?? [defaultFile]).map((f) => ({
      path: f.path,
      content: f.content ?? `${spec.name}-${spec.version}-${spec.release}.${spec.arch}\n`,
    })),
  };
}

const SAFE_TOKEN = /^[A-Za-z0-9._+~^-]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9._+/-]+$/;

function assertSafe(spec: NormalizedRpmSpec): void {
  for (const [field, value] of Object.entries({
    name: spec.name,
    version: spec.version,
    release: spec.release,
    arch: spec.arch,
    sourceName: spec.sourceName,
  })) {
    if (!SAFE_TOKEN.test(value)) throw new Error(`RPM ${field} "${value}" contains characters rpmbuild cannot take`);
  }
  if (spec.modularityLabel && !/^[A-Za-z0-9._+:-]+$/.test(spec.modularityLabel))
    throw new Error(`ModularityLabel "${spec.modularityLabel}" is not plain`);
  for (const file of spec.files) {
    if (!SAFE_PATH.test(file.path)) throw new Error(`RPM file path "${file.path}" must be absolute and plain`);
  }
  for (const dep of [...spec.requires, ...spec.provides, ...spec.conflicts, ...spec.obsoletes]) {
    if (/[\n%]/.test(dep)) throw new Error(`RPM dependency "${dep}" must be a single line without macros`);
  }
}

/** Renders the spec. The binary package is a `-n` subpackage when it differs from the source name. */
export function renderRpmSpecFile(input: RpmSpec): string {
  const spec = normalizeRpmSpec(input);
  assertSafe(spec);
  const sub = spec.name === spec.sourceName ? '' : ` -n ${spec.name}`;
  const deps = [
    ...spec.requires.map((d) => `Requires: ${d}`),
    ...spec.provides.map((d) => `Provides: ${d}`),
    ...spec.conflicts.map((d) => `Conflicts: ${d}`),
    ...spec.obsoletes.map((d) => `Obsoletes: ${d}`),
  ];
  const header = [
    `Name: ${spec.sourceName}`,
    `Version: ${spec.version}`,
    `Release: ${spec.release}`,
    ...(spec.epoch === null ? [] : [`Epoch: ${spec.epoch}`]),
    `Summary: ${spec.summary}`,
    'License: MIT',
    ...(spec.arch === 'noarch' ? ['BuildArch: noarch'] : []),
    ...(spec.modularityLabel ? [`ModularityLabel: ${spec.modularityLabel}`] : []),
    ...(sub ? [] : deps),
    '',
    '%description',
    `${spec.summary}.`,
    '',
  ];
  const subpackage = sub ? [`%package${sub}`, `Summary: ${spec.summary}`, ...deps, '', `%description${sub}`, `${spec.summary}.`, ''] : [];
  const dirs = [...new Set(spec.files.map((f) => f.path.slice(0, f.path.lastIndexOf('/')) || '/'))];
  const install = [
    '%install',
    ...dirs.map((d) => `mkdir -p "%{buildroot}${d}"`),
    ...spec.files.map((f) => `echo '${Buffer.from(f.content).toString('base64')}' | base64 -d > "%{buildroot}${f.path}"`),
    '',
  ];
  const files = [`%files${sub}`, ...spec.files.map((f) => `"${f.path}"`), ''];
  return [...header, ...subpackage, ...install, ...files].join('\n');
}
