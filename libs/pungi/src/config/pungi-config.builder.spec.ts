import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseXmlWithPython } from '../../../../test/support/pungi/check-xml.js';
import { aPungiComposeSpec } from '../../../../test/support/pungi/pungi-compose-spec.builder.js';
import { readPungiConf } from '../../../../test/support/pungi/read-pungi-conf.js';
import type { PungiComposeSpec } from '../pungi-compose-spec.model.js';
import { type PungiConfigFiles, buildPungiFiles, pungiRelease } from './pungi-config.builder.js';

const OPTS = { kojiProfile: 'odcs_stg', mbsUrl: 'https://mbs.example.com/module-build-service/' };
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FILE_SUFFIXES = { 'pungi.conf': 'pungi.conf', 'variants.xml': 'variants.xml', 'comps.xml': 'comps.xml' } as const;

/** Golden cases: name -> spec. Regenerate with UPDATE_GOLDEN=1 after an intended change, then review the diff. */
const CASES: Record<string, PungiComposeSpec> = {
  'tag-plain': aPungiComposeSpec({ id: 1 }),
  'tag-packages-sigkeys-multilib': aPungiComposeSpec({
    id: 2,
    packages: ['bash', 'python3-requests'],
    sigkeys: ['12c944d0', ''],
    arches: ['x86_64', 'aarch64', 'ppc64le'],
    multilibArches: ['x86_64', 'ppc64le'],
    multilibMethods: ['runtime', 'devel'],
    lookasideRepos: ['http://example.com/lookaside/$basearch/os', 'http://example.com/other/'],
    kojiEvent: 123456,
  }),
  'tag-no-deps': aPungiComposeSpec({ id: 3, flags: ['no_deps'] }),
  'tag-no-inheritance': aPungiComposeSpec({ id: 4, flags: ['no_inheritance'] }),
  'tag-check-deps': aPungiComposeSpec({ id: 5, flags: ['check_deps'] }),
  'tag-no-reuse': aPungiComposeSpec({ id: 6, flags: ['no_reuse'] }),
  'tag-modular': aPungiComposeSpec({
    id: 7,
    modularKojiTags: ['f40-modular-build', 'f40-modular-extra'],
    moduleDefaults: { url: 'https://pagure.io/releng/fedora-module-defaults.git', commit: 'f40' },
  }),
  'tag-builds': aPungiComposeSpec({ id: 8, builds: ['foo-1.0-1.fc40', 'bar-2.1-3.fc40'] }),
  build: aPungiComposeSpec({ id: 9, sourceType: 'build', source: [], builds: ['foo-1.0-1.fc40'] }),
  'build-packages': aPungiComposeSpec({
    id: 10,
    sourceType: 'build',
    source: [],
    builds: ['foo-1.0-1.fc40'],
    packages: ['foo', 'foo-devel'],
  }),
  repo: aPungiComposeSpec({ id: 11, sourceType: 'repo', source: ['/srv/repos/extras'], arches: ['x86_64', 'i686'] }),
  'tag-iso-bootiso': aPungiComposeSpec({ id: 12, results: ['repository', 'iso', 'boot.iso'] }),
  'tag-scratch-build-tasks': aPungiComposeSpec({ id: 13, scratchBuildTasks: ['90210', '90211'] }),
  'tag-modules': aPungiComposeSpec({ id: 14, modules: ['nodejs:20:4020240101:abcd1234'] }),
  'tag-scratch-modules': aPungiComposeSpec({ id: 15, scratchModules: ['testmodule:master:20240101:abc+1'] }),
  module: aPungiComposeSpec({
    id: 16,
    sourceType: 'module',
    source: ['nodejs:20:4020240101:abcd1234', 'nodejs-devel:20:4020240101:abcd1234'],
    moduleDefaults: { url: 'https://pagure.io/releng/fedora-module-defaults.git', commit: 'main' },
  }),
  'module-sigkeys-multilib-builds': aPungiComposeSpec({
    id: 18,
    sourceType: 'module',
    source: ['web:1:10:w1'],
    scratchModules: ['scr:1:7:s1'],
    builds: ['web-3.0-1'],
    packages: ['web'],
    sigkeys: ['feed1234', ''],
    arches: ['x86_64', 'aarch64'],
    multilibArches: ['x86_64'],
    multilibMethods: ['runtime'],
  }),
  'pungi-compose': aPungiComposeSpec({
    id: 17,
    sourceType: 'pungi_compose',
    source: ['https://composes.example.com/Fedora-40/compose/Everything/'],
    builds: ['foo-1.0-1.fc40'],
    packages: ['foo'],
    sigkeys: ['a15b79cc'],
    arches: ['x86_64', 's390x'],
  }),
};

function checkGolden(name: string, files: PungiConfigFiles): void {
  for (const [key, suffix] of Object.entries(FILE_SUFFIXES) as [keyof PungiConfigFiles, string][]) {
    const path = `${FIXTURES}${name}.${suffix}`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, files[key]);
    expect(existsSync(path), `missing golden file ${path} (run with UPDATE_GOLDEN=1)`).toBe(true);
    expect(files[key], `${name}.${suffix}`).toBe(readFileSync(path, 'utf8'));
  }
}

describe('buildPungiFiles golden files', () => {
  it.each(Object.entries(CASES))('%s matches its golden files, and every file parses', (name, spec) => {
    const files = buildPungiFiles(spec, OPTS);
    checkGolden(name, files);
    const conf = readPungiConf(files['pungi.conf']);
    expect(conf.kobo).toEqual(conf.python);
    parseXmlWithPython(files['variants.xml']);
    if (spec.sourceType !== 'module') parseXmlWithPython(files['comps.xml']);
  });
});

type ConfValues = Map<string, unknown>;
function confValues(spec: PungiComposeSpec, opts = OPTS): ConfValues {
  return new Map(readPungiConf(buildPungiFiles(spec, opts)['pungi.conf']).kobo);
}

describe('buildPungiFiles options', () => {
  it('names the release after the compose id, with the short name cut to 16 characters', () => {
    expect(pungiRelease(123456789012)).toEqual({ name: 'odcs-123456789012', short: 'odcs-12345678901', version: '1' });
    const values = confValues(aPungiComposeSpec({ id: 123456789012 }));
    expect(values.get('release_name')).toBe('odcs-123456789012');
    expect(values.get('release_short')).toBe('odcs-12345678901');
  });

  it('never writes the options current Pungi removed (Decision 13)', () => {
    for (const spec of Object.values(CASES)) {
      const values = confValues(spec);
      for (const removed of ['release_is_layered', 'bootable', 'runroot', 'gather_source']) {
        expect(values.has(removed), removed).toBe(false);
      }
    }
  });

  it('writes buildinstall settings only when boot.iso is requested', () => {
    expect(confValues(aPungiComposeSpec()).has('buildinstall_method')).toBe(false);
    const boot = confValues(aPungiComposeSpec({ results: ['repository', 'boot.iso'] }));
    expect(boot.get('buildinstall_method')).toBe('lorax');
    expect(boot.get('skip_phases')).toEqual(['createiso', 'live_media', 'live_images', 'ostree']);
  });

  it('uses the given translate_paths and koji profile', () => {
    const values = confValues(aPungiComposeSpec(), {
      ...OPTS,
      kojiProfile: 'koji',
      translatePaths: [['/mnt/odcs', 'https://odcs.example.com/composes']],
    } as typeof OPTS);
    expect(values.get('translate_paths')).toEqual([{ tuple: ['/mnt/odcs', 'https://odcs.example.com/composes'] }]);
    expect(values.get('koji_profile')).toBe('koji');
  });

  it('writes each arch once as a dict key, since kobo refuses duplicate keys', () => {
    const values = confValues(
      aPungiComposeSpec({ sourceType: 'repo', source: ['/r'], arches: ['x86_64', 'x86_64'], multilibArches: ['x86_64', 'x86_64'] }),
    );
    expect(values.get('pkgset_repos')).toEqual({ dict: [['x86_64', ['/r']]] });
  });

  it('refuses source types that have no generated configuration', () => {
    expect(() => buildPungiFiles(aPungiComposeSpec({ sourceType: 'raw_config' }), OPTS)).toThrow(/raw_config/);
    expect(() => buildPungiFiles(aPungiComposeSpec({ sourceType: 'pulp' }), OPTS)).toThrow(/pulp/);
  });
});
