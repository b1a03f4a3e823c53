import { describe, expect, it } from 'vitest';
import {
  collapseArches,
  keepLatestProductVersion,
  planContentSet,
  pythonList,
  renderPulpRepoFile,
  repoFromPulp,
  type PulpRepo,
} from './pulp-repos.js';

const repo = (id: string, arch: string, relativeUrl: string, extra: Record<string, string> = {}): PulpRepo =>
  repoFromPulp(
    { id, notes: { arch, relative_url: relativeUrl, signatures: 'b,a', include_in_download_service: 'True', ...extra } },
    'https://pulp.example/',
  );

describe('repoFromPulp', () => {
  it('builds the URL below the server (https downgraded), sorts the signatures, reads the published note', () => {
    expect(repo('r', 'x86_64', '/content/r/os')).toMatchObject({
      url: 'http://pulp.example/content/r/os',
      relativeUrl: 'content/r/os',
      arches: ['x86_64'],
      sigkeys: ['a', 'b'],
      published: true,
    });
  });
  it('names the repository and the note that is missing', () => {
    expect(() => repoFromPulp({ id: 'r9', notes: { arch: 'x86_64' } }, 'http://p')).toThrow('Pulp repository r9 has no notes.relative_url');
  });
});

describe('keepLatestProductVersion', () => {
  const pv = (id: string, versions: string) => repo(id, 'x86_64', `c/${id}`, { product_versions: versions });
  it('keeps only the highest version when all have one version of the same shape', () => {
    const kept = keepLatestProductVersion([pv('a', '["7.4"]'), pv('b', '["7.10"]'), pv('c', '["7.9"]')]);
    expect(kept.map((r) => r.id)).toEqual(['b']);
  });
  it('keeps every repository of the highest version', () => {
    expect(keepLatestProductVersion([pv('a', '["8.1"]'), pv('b', '["8.1"]'), pv('c', '["8.0"]')]).map((r) => r.id)).toEqual(['a', 'b']);
  });
  it('keeps all when a version is missing, multiple, unparsable or of another shape', () => {
    for (const odd of ['["7.4","7.5"]', 'not json', '["7.x"]', '["7"]', '[]']) {
      expect(keepLatestProductVersion([pv('a', '["7.4"]'), pv('b', odd)])).toHaveLength(2);
    }
    expect(keepLatestProductVersion([pv('a', '["7.4"]'), repo('b', 'x86_64', 'c/b')])).toHaveLength(2);
  });
});

describe('collapseArches and planContentSet', () => {
  it('collapses repositories differing only by arch into one $basearch URL', () => {
    const entry = collapseArches('cs', [repo('x', 'x86_64', 'c/x86_64/os'), repo('p', 'ppc64le', 'c/ppc64le/os')]);
    expect(entry).toEqual({ name: 'cs', url: 'http://pulp.example/c/$basearch/os', arches: ['ppc64le', 'x86_64'], sigkeys: ['a', 'b'] });
  });
  it('does not collapse when URLs or sigkeys differ', () => {
    expect(collapseArches('cs', [repo('x', 'x86_64', 'c/x86_64/os'), repo('p', 'ppc64le', 'd/ppc64le/os')])).toBeNull();
    expect(
      collapseArches('cs', [repo('x', 'x86_64', 'c/x86_64/os'), repo('p', 'ppc64le', 'c/ppc64le/os', { signatures: 'z' })]),
    ).toBeNull();
  });
  it('merges same-arch repositories per arch into <result_repo>/<content_set>/$basearch', () => {
    const a = repo('a', 'x86_64', 'c/a/x86_64');
    const b = repo('b', 'x86_64', 'c/b/x86_64');
    const p = repo('p', 'ppc64le', 'c/p/ppc64le');
    const plan = planContentSet('cs', [a, b, p], 'http://odcs/composes/odcs-1/compose/Temporary/');
    expect(plan.entry).toEqual({
      name: 'cs',
      url: 'http://odcs/composes/odcs-1/compose/Temporary/cs/$basearch',
      arches: ['ppc64le', 'x86_64'],
      sigkeys: ['a', 'b'],
    });
    expect(plan.merges.map((m) => [m.arch, m.repos.map((r) => r.id)])).toEqual([
      ['ppc64le', ['p']],
      ['x86_64', ['a', 'b']],
    ]);
  });
});

describe('renderPulpRepoFile', () => {
  const entries = [
    { name: 'zeta', url: 'http://p/z/x86_64/os', arches: ['x86_64'], sigkeys: [] },
    { name: 'alpha', url: 'http://p/a/$basearch', arches: ['x86_64', 'ppc64le'], sigkeys: [] },
  ];
  it('writes the sections sorted by name, each after a blank line', () => {
    expect(renderPulpRepoFile(entries, false)).toBe(
      '\n[alpha]\nname=alpha\nbaseurl=http://p/a/$basearch\nenabled=1\ngpgcheck=0\n' +
        '\n[zeta]\nname=zeta\nbaseurl=http://p/z/x86_64/os\nenabled=1\ngpgcheck=0\n',
    );
  });
  it('with use_only_compatible_arch replaces the arch by $basearch and skips unavailable repositories', () => {
    expect(renderPulpRepoFile([entries[0]!], true)).toBe(
      '\n[zeta]\nname=zeta\nbaseurl=http://p/z/$basearch/os\nenabled=1\ngpgcheck=0\nskip_if_unavailable=1\n',
    );
  });
  it('makes a dnf repository id of a Pulp 3 base path', () => {
    expect(renderPulpRepoFile([{ name: 'rhel/8/os', url: 'http://p/c', arches: [], sigkeys: [] }], false)).toBe(
      '\n[rhel_8_os]\nname=rhel/8/os\nbaseurl=http://p/c\nenabled=1\ngpgcheck=0\n',
    );
  });
  it('is empty without repositories', () => {
    expect(renderPulpRepoFile([], false)).toBe('');
  });
});

describe('pythonList', () => {
  it('prints like Python', () => {
    expect(pythonList(['a', "b'c", `d'"e`])).toBe(`['a', "b'c", 'd\\'"e']`);
    expect(pythonList([])).toBe('[]');
  });
});
