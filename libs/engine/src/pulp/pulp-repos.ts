/** Pulp repositories as a pulp compose sees them, and the pure steps of CONTRACT §8.7. */

/** A repository as Pulp 2 returns it (`fields: ["notes", "id"]`). */
export interface PulpRawRepo {
  id?: unknown;
  notes?: Record<string, unknown>;
}

export interface PulpRepo {
  id: string;
  /** notes.content_set; null when the repository has none. */
  contentSet: string | null;
  /** notes.relative_url, without leading slashes. */
  relativeUrl: string;
  /** Download URL (https downgraded to http). */
  url: string;
  arches: string[];
  sigkeys: string[];
  /** notes.product_versions as Pulp has it (a JSON-encoded list, usually). */
  productVersions: unknown;
  published: boolean;
}

/** One line of the .repo file: a content set (or repo id) and where dnf finds it. */
export interface RepoEntry {
  name: string;
  url: string;
  arches: string[];
  sigkeys: string[];
}

/** A same-arch set of repositories mergerepo_c has to merge into `<content_set>/<arch>`. */
export interface MergePlan {
  contentSet: string;
  arch: string;
  repos: PulpRepo[];
}

const sortedUnique = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** Reads one repository of a Pulp answer; throws with the repository named when a note is missing. */
export function repoFromPulp(raw: PulpRawRepo, serverUrl: string): PulpRepo {
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : '?';
  const notes = raw.notes ?? {};
  const note = (key: string): string => {
    const value = notes[key];
    if (typeof value !== 'string' || value === '') throw new Error(`Pulp repository ${id} has no notes.${key}`);
    return value;
  };
  const relativeUrl = note('relative_url').replace(/^\/+/, '');
  const url = `${serverUrl.replace(/\/+$/, '')}/${relativeUrl}`.replace(/^https:\/\//, 'http://');
  const signatures = typeof notes['signatures'] === 'string' ? notes['signatures'] : '';
  return {
    id,
    contentSet: typeof notes['content_set'] === 'string' ? notes['content_set'] : null,
    relativeUrl,
    url,
    arches: [note('arch')],
    sigkeys: sortedUnique(
      signatures
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    productVersions: notes['product_versions'],
    published: notes['include_in_download_service'] === 'True',
  };
}

/** The single version of a repository's product_versions as numbers, or null when it has not exactly one parsable version. */
function singleVersion(productVersions: unknown): number[] | null {
  let value = productVersions;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string') return null;
  const parts = value[0].split('.');
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : null;
}

/**
 * When every repository carries one parsable product version of the same shape (7.4, 7.5, ...),
 * only the repositories of the highest version are kept; otherwise all of them.
 */
export function keepLatestProductVersion(repos: PulpRepo[]): PulpRepo[] {
  const versions = repos.map((r) => singleVersion(r.productVersions));
  if (versions.some((v) => v === null)) return repos;
  const shaped = versions as number[][];
  if (new Set(shaped.map((v) => v.length)).size !== 1) return repos;
  const compare = (a: number[], b: number[]): number => a.reduce((acc, x, i) => acc || x - (b[i] ?? 0), 0);
  const highest = shaped.reduce((best, v) => (compare(v, best) > 0 ? v : best));
  return repos.filter((_, i) => compare(shaped[i] ?? [], highest) === 0);
}

/**
 * One `$basearch` entry for repositories that differ only by arch in their URL and share the
 * sigkeys; null when they cannot be collapsed.
 */
export function collapseArches(name: string, repos: PulpRepo[]): RepoEntry | null {
  let entry: RepoEntry | null = null;
  for (const repo of repos) {
    if (repo.arches.length !== 1) return null;
    const url = repo.url.replaceAll(repo.arches[0] ?? '', '$basearch');
    if (!entry) {
      entry = { name, url, arches: [...repo.arches], sigkeys: repo.sigkeys };
      continue;
    }
    if (entry.url !== url || entry.sigkeys.join(',') !== repo.sigkeys.join(',')) return null;
    entry.arches = sortedUnique([...entry.arches, ...repo.arches]);
  }
  return entry;
}

/**
 * The repositories of one content set as .repo entries: one repository as is; several pruned to
 * the latest product version, then collapsed to `$basearch`, else merged per arch with
 * mergerepo_c into `<resultRepoUrl>/<content_set>/$basearch`.
 */
export function planContentSet(name: string, repos: PulpRepo[], resultRepoUrl: string): { entry: RepoEntry; merges: MergePlan[] } {
  const only = repos.length === 1 ? repos[0] : undefined;
  if (only) return { entry: { name, url: only.url, arches: only.arches, sigkeys: only.sigkeys }, merges: [] };
  const latest = keepLatestProductVersion(repos);
  const single = latest.length === 1 ? latest[0] : undefined;
  if (single) return { entry: { name, url: single.url, arches: single.arches, sigkeys: single.sigkeys }, merges: [] };
  const collapsed = collapseArches(name, latest);
  if (collapsed) return { entry: collapsed, merges: [] };
  const arches = sortedUnique(latest.flatMap((r) => r.arches));
  return {
    entry: {
      name,
      url: `${resultRepoUrl.replace(/\/+$/, '')}/${name}/$basearch`,
      arches,
      sigkeys: sortedUnique(latest.flatMap((r) => r.sigkeys)),
    },
    merges: arches.map((arch) => ({ contentSet: name, arch, repos: latest.filter((r) => r.arches.includes(arch)) })),
  };
}

/** A dnf repository id for a source name: a Pulp 3 base path's `/` (and other characters dnf refuses) become `_`. */
function repoId(name: string): string {
  return name.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/** The .repo file of a pulp compose (CONTRACT §8.7), entries sorted by name. */
export function renderPulpRepoFile(entries: readonly RepoEntry[], useOnlyCompatibleArch: boolean): string {
  let text = '';
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let url = e.url;
    if (useOnlyCompatibleArch) for (const arch of e.arches) url = url.replaceAll(arch, '$basearch');
    text += `\n[${repoId(e.name)}]\nname=${e.name}\nbaseurl=${url}\nenabled=1\ngpgcheck=0\n`;
    if (useOnlyCompatibleArch) text += 'skip_if_unavailable=1\n';
  }
  return text;
}

/** A list as Python prints it (`['a', 'b']`), as upstream's failure reason shows it. */
export function pythonList(items: readonly string[]): string {
  const repr = (s: string): string => {
    const escaped = s.replaceAll('\\', '\\\\');
    if (s.includes("'") && !s.includes('"')) return `"${escaped}"`;
    return `'${escaped.replaceAll("'", "\\'")}'`;
  };
  return `[${items.map(repr).join(', ')}]`;
}

export { sortedUnique };
