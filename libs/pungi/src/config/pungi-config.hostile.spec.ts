import { describe, expect, it } from 'vitest';
import { parseXmlWithPython } from '../../../../test/support/pungi/check-xml.js';
import { aPungiComposeSpec } from '../../../../test/support/pungi/pungi-compose-spec.builder.js';
import { readPungiConf } from '../../../../test/support/pungi/read-pungi-conf.js';
import { buildPungiFiles } from './pungi-config.builder.js';

const OPTS = { kojiProfile: "odcs'\nrunroot = True #", mbsUrl: 'https://mbs.example.com/"""' };

/** Strings meant to break out of a Python string literal or an XML text node. */
const H = {
  tag: "f40'\nrunroot = True\n#",
  pkg: 'pkg</packagereq><packagereq>evil & "q" \'s\'',
  sigkey: '\\',
  arch: "x86_64'] = 1 # <arch>",
  lookaside: "http://x/$basearch/''' + \"\\n\"",
  build: 'foo-1.0-1%s%(x)s',
  defaultsUrl: 'https://example.com/é\u2028😀',
  defaultsCommit: '"\'\r\n',
  scratch: 'mod:stream:1:ctx\0',
  module: "n:s:v:c\\'",
  task: '1\n2',
};

describe('buildPungiFiles with hostile input', () => {
  const spec = aPungiComposeSpec({
    id: 42,
    source: [H.tag],
    packages: [H.pkg],
    builds: [H.build],
    sigkeys: [H.sigkey, ''],
    arches: [H.arch],
    multilibArches: [H.arch],
    multilibMethods: ['runtime'],
    lookasideRepos: [H.lookaside],
    moduleDefaults: { url: H.defaultsUrl, commit: H.defaultsCommit },
    modularKojiTags: [H.tag],
    scratchModules: [H.scratch],
    modules: [H.module],
    scratchBuildTasks: [H.task],
  });
  const files = buildPungiFiles(spec, OPTS);

  it('keeps every hostile string inside its value in pungi.conf (read by kobo rules and by Python)', () => {
    const read = readPungiConf(files['pungi.conf']);
    expect(read.kobo).toEqual(read.python);
    const values = new Map(read.kobo);
    expect([...values.keys()]).not.toContain('runroot');
    expect(values.get('pkgset_koji_tag')).toBe(H.tag);
    expect(values.get('pkgset_koji_module_tag')).toEqual([H.tag]);
    expect(values.get('sigkeys')).toEqual([H.sigkey, '']);
    expect(values.get('pkgset_koji_builds')).toEqual([H.build]);
    expect(values.get('multilib')).toEqual([{ tuple: ['^.*$', { dict: [[H.arch, ['runtime']]] }] }]);
    expect(values.get('gather_lookaside_repos')).toEqual([{ tuple: ['^.*$', { dict: [['*', [H.lookaside]]] }] }]);
    expect(values.get('module_defaults_dir')).toEqual({
      dict: [
        ['scm', 'git'],
        ['repo', H.defaultsUrl],
        ['branch', H.defaultsCommit],
        ['dir', '.'],
      ],
    });
    expect(values.get('pkgset_scratch_modules')).toEqual({ dict: [['^Temporary$', [H.scratch]]] });
    expect(values.get('mbs_api_url')).toBe('https://mbs.example.com/"""/1');
    expect(values.get('pkgset_koji_module_builds')).toEqual({ dict: [['^Temporary$', [H.module]]] });
    expect(values.get('pkgset_koji_scratch_tasks')).toEqual([H.task]);
    expect(values.get('koji_profile')).toBe(OPTS.kojiProfile);
  });

  it('keeps hostile package and arch names inside their XML elements', () => {
    const variants = parseXmlWithPython(files['variants.xml']);
    const variant = variants.children[0];
    expect(variant).toMatchObject({ name: 'variant', attrs: { id: 'Temporary' } });
    expect(variant).toMatchObject({ children: [{ name: 'arches', children: [{ name: 'arch', children: [H.arch] }] }, {}, {}] });
    const comps = parseXmlWithPython(files['comps.xml']);
    const packagelist = (comps.children[0] as { children: unknown[] }).children[5];
    expect(packagelist).toEqual({
      name: 'packagelist',
      attrs: {},
      children: [{ name: 'packagereq', attrs: { type: 'default' }, children: [H.pkg] }],
    });
  });

  it('refuses, with a reason, a package name XML cannot carry', () => {
    expect(() => buildPungiFiles(aPungiComposeSpec({ packages: ['bad\u0001name'] }), OPTS)).toThrow(
      /Cannot write "bad\\u0001name" into XML: character U\+0001 is not allowed in XML 1.0/,
    );
  });
});
