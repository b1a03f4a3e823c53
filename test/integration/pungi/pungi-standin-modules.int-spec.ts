import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PUNGI_KOJI_STANDIN } from '../../support/pungi/processes.js';

const FIXTURES = fileURLToPath(new URL('../../../libs/pungi/src/config/fixtures/', import.meta.url));
const GOLDEN = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.pungi.conf'))
  .map((f) => f.slice(0, -'.pungi.conf'.length));
const work = mkdtempSync(join(tmpdir(), 'odcs-standin-modules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const golden = (name: string, file: 'pungi.conf' | 'variants.xml' | 'comps.xml') => readFileSync(join(FIXTURES, `${name}.${file}`), 'utf8');

/** Runs the stand-in on a config dir made of the given files, as the Pungi engine does. */
function run(files: { 'pungi.conf': string; 'variants.xml': string; 'comps.xml': string }) {
  const dir = mkdtempSync(join(work, 'run-'));
  mkdirSync(join(dir, 'config'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'config', name), text);
  const composeDir = join(dir, 'compose');
  mkdirSync(composeDir);
  const result = spawnSync(PUNGI_KOJI_STANDIN, [`--config=${join(dir, 'config', 'pungi.conf')}`, `--compose-dir=${composeDir}`, '--test'], {
    encoding: 'utf8',
    env: { ...process.env, PUNGI_STANDIN_MODE: 'success' },
  });
  return { status: result.status, stderr: result.stderr, logged: existsSync(join(composeDir, 'logs', 'global', 'pungi.global.log')) };
}
const filesOf = (name: string) => ({
  'pungi.conf': golden(name, 'pungi.conf'),
  'variants.xml': golden(name, 'variants.xml'),
  'comps.xml': golden(name, 'comps.xml'),
});

/** Expects the refusal: exit 1 before any log, the error line on stderr as Pungi prints it. */
function expectRefused(result: ReturnType<typeof run>, error: string): void {
  expect(result.status, result.stderr).toBe(1);
  expect(result.logged).toBe(false);
  expect(result.stderr.split('\n')).toContain(`ERROR: ${error}`);
}

describe('the pungi-koji stand-in on module composes', () => {
  it.each(GOLDEN)('accepts the golden config %s', (name) => {
    const result = run(filesOf(name));
    expect(result.status, result.stderr).toBe(0);
  });

  it('refuses a variant with modules whose gather_method has no nodeps or hybrid method for them', () => {
    const files = filesOf('module');
    const deps = run({ ...files, 'pungi.conf': files['pungi.conf'].replace("gather_method = 'nodeps'", "gather_method = 'deps'") });
    expectRefused(deps, "Variant Temporary has modules, but gather_method='deps' has no nodeps or hybrid method for the module source.");
    const perSource = (method: string) =>
      files['pungi.conf'].replace("gather_method = 'nodeps'", () => `gather_method = {'^Temporary$': ${method}}`);
    expect(run({ ...files, 'pungi.conf': perSource("{'module': 'nodeps', 'comps': 'deps'}") }).status).toBe(0);
    expectRefused(
      run({ ...files, 'pungi.conf': perSource("{'comps': 'deps'}") }),
      "Variant Temporary has modules, but gather_method={'^Temporary$': {'comps': 'deps'}} has no nodeps or hybrid method for the module source.",
    );
  });

  it('refuses module globs without pkgset_koji_module_tag', () => {
    const files = filesOf('tag-modular');
    const conf = files['pungi.conf'].replace(/^pkgset_koji_module_tag = .*\n/m, '');
    expectRefused(
      run({ ...files, 'pungi.conf': conf }),
      'Variant Temporary lists modules by glob, which are taken from pkgset_koji_module_tag, but it is not set.',
    );
  });

  it('refuses pkgset_scratch_modules without mbs_api_url', () => {
    const files = filesOf('tag-scratch-modules');
    const conf = files['pungi.conf'].replace(/^mbs_api_url = .*\n/m, '');
    expectRefused(
      run({ ...files, 'pungi.conf': conf }),
      "Config option pkgset_scratch_modules={'^Temporary$': ['testmodule:master:20240101:abc+1']} requires mbs_api_url which is not set.",
    );
  });

  it('refuses a module defaults dir that does not exist or is not an scm dict', () => {
    const files = filesOf('module');
    const missing = files['pungi.conf'].replace("'https://pagure.io/releng/fedora-module-defaults.git'", `'file://${work}/no-such-repo'`);
    expectRefused(
      run({ ...files, 'pungi.conf': missing }),
      `Failed to get module_defaults_dir: git repository file://${work}/no-such-repo does not exist`,
    );
    const git = join(work, 'defaults.git');
    spawnSync('git', ['init', '--quiet', git]);
    const present = files['pungi.conf'].replace("'https://pagure.io/releng/fedora-module-defaults.git'", `'file://${git}'`);
    expect(run({ ...files, 'pungi.conf': present }).status).toBe(0);
    const badScm = files['pungi.conf'].replace("'scm': 'git'", "'scm': 'svn'");
    expectRefused(
      run({ ...files, 'pungi.conf': badScm }),
      "Failed validation in module_defaults_dir.scm: 'svn' is not one of ['file', 'git', 'rpm']",
    );
  });

  it('refuses malformed modules in variants.xml', () => {
    const files = filesOf('module');
    const tooLong = files['variants.xml'].replace('nodejs:20:4020240101:abcd1234<', 'nodejs:20:4020240101:abcd1234:x86_64<');
    expectRefused(
      run({ ...files, 'variants.xml': tooLong }),
      'Module string "nodejs:20:4020240101:abcd1234:x86_64" is not recognized. Only NAME:STREAM[:VERSION[:CONTEXT]] is allowed.',
    );
    const badVersion = files['variants.xml'].replace('nodejs:20:4020240101:abcd1234<', 'nodejs:20:latest<');
    expectRefused(
      run({ ...files, 'variants.xml': badVersion }),
      'Module string "nodejs:20:latest" is not recognized. Only NAME:STREAM[:VERSION[:CONTEXT]] is allowed.',
    );
    const empty = files['variants.xml'].replace(/<modules>[\s\S]*<\/modules>/, '<modules></modules>');
    expectRefused(
      run({ ...files, 'variants.xml': empty }),
      'variants.xml: Element modules content does not follow the DTD, expecting (module | kojitag)+, got () in variant Temporary',
    );
  });
});
