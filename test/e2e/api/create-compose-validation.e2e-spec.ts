import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';

const CHARS =
  "Only alphanumerical characters and [' ', '-', '/', '_', '.', ':', '#', '+', '?', '$', '~'] characters are allowed in ODCS input variables";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: {
      raw_config_urls: { pungi_cfg: { url: 'https://git.example.com/cfg.git', config_filename: 'pungi.conf' } },
      extra_target_dirs: { releng: '/srv/releng' },
    },
  });
});
afterAll(() => t.close());

const tag = (extra: Record<string, unknown> = {}, source: Record<string, unknown> = {}) => ({
  source: { type: 'tag', source: 'f40', ...source },
  ...extra,
});

/** Each rule of CONTRACT §2 with its message: [name, body, message]. */
const CASES: [string, unknown, string][] = [
  ['invalid JSON', '{"source": ', 'Failed to decode JSON object'],
  ['empty object', {}, 'No JSON POST data submitted'],
  ['empty list', [], 'No JSON POST data submitted'],
  ['null body', 'null', 'No JSON POST data submitted'],
  ['dict outside source', tag({ extra: { a: 1 } }), "Only 'source' key is allowed to contain dict."],
  ['dict inside a list', tag({ arches: [{ a: 1 }] }), "Only 'source' key is allowed to contain dict."],
  ['nested dict in source', tag({}, { packages: ['a'], extra: { x: 1 } }), "Only 'source' key is allowed to contain dict."],
  ['packages not a list', tag({}, { packages: 'ed' }), 'packages should be a list'],
  ['builds not a list', tag({}, { builds: 'a-1-1' }), 'builds should be a list'],
  ['sigkeys not a list', tag({}, { sigkeys: 'abc' }), 'sigkeys should be a list'],
  ['modules not a list', tag({}, { modules: 'a:b' }), 'modules should be a list'],
  ['scratch_modules not a list', tag({}, { scratch_modules: 'a:b:1:c' }), 'scratch_modules should be a list'],
  ['scratch_build_tasks not a list', tag({}, { scratch_build_tasks: '12' }), 'scratch_build_tasks should be a list'],
  ['multilib_method not a list', tag({ multilib_method: 'devel' }), 'multilib_method should be a list'],
  ['label not a string', tag({ label: 5 }), 'label should be a string'],
  ['label null', tag({ label: null }), 'label should be a string'],
  ['compose_type not a string', tag({ compose_type: ['test'] }), 'compose_type should be a string'],
  ['target_dir not a string', tag({ target_dir: 1 }), 'target_dir should be a string'],
  ['type not a string', { source: { type: 1, source: 'f40' } }, 'type should be a string'],
  ['base_module_br_name not a string', tag({}, { base_module_br_name: 1 }), 'base_module_br_name should be a string'],
  ['seconds_to_live not an integer', tag({ seconds_to_live: '600s' }), 'seconds_to_live should be an integer'],
  ['seconds_to_live float', tag({ seconds_to_live: 1.5 }), 'seconds_to_live should be an integer'],
  ['koji_event null', tag({}, { koji_event: null }), 'koji_event should be an integer'],
  [
    'version_lte not an integer',
    tag({}, { base_module_br_stream_version_lte: 'x' }),
    'base_module_br_stream_version_lte should be an integer',
  ],
  ['bad characters in a value', tag({ label: 'a;rm -rf' }), CHARS],
  ['bad characters in a list item', tag({ arches: ['x86_64\n'] }), CHARS],
  ['quote in source', tag({}, { source: "f40'" }), CHARS],
  [
    'null value',
    tag({ respin_of: null }),
    "Only dict, list, str, unicode, int, float and bool types are allowed in ODCS input variables, but 'respin_of' has '<class 'NoneType'>' type",
  ],
  ['non-string list item', tag({}, { scratch_build_tasks: [123] }), 'scratch_build_tasks should be a list of strings'],
  ['legacy seconds-to-live not a number', tag({ 'seconds-to-live': 'soon' }), 'Invalid seconds_to_live specified in request: '],
  ['source not an object', { source: 'f40' }, 'Invalid source configuration provided: {"source":"f40"}'],
  ['missing source', { flags: ['no_deps'] }, 'Invalid source configuration provided: {"flags":["no_deps"]}'],
  ['missing type', { source: { source: 'f40' } }, 'Missing type in source configuration, received: {"source":"f40"}'],
  ['unknown type', { source: { type: 'git', source: 'x' } }, 'Unknown source type "git"'],
  ['no source for tag', { source: { type: 'tag' } }, 'No source provided for 1'],
  ['empty source for module', { source: { type: 'module', source: '' } }, 'No source provided for 2'],
  [
    'raw_config with two sources',
    { source: { type: 'raw_config', source: 'a#1 b#2' } },
    'Only single source is allowed for "raw_config" source_type',
  ],
  [
    'raw_config without hash',
    { source: { type: 'raw_config', source: 'pungi_cfg' } },
    'Source must be in "source_name#commit_hash" format for "raw_config" source_type.',
  ],
  [
    'raw_config with empty hash',
    { source: { type: 'raw_config', source: 'pungi_cfg#' } },
    'Source must be in "source_name#commit_hash" format for "raw_config" source_type.',
  ],
  [
    'raw_config unknown name',
    { source: { type: 'raw_config', source: 'other#abc' } },
    'Source "other" does not exist in server configuration.',
  ],
  [
    'module without stream',
    { source: { type: 'module', source: 'nodejs' } },
    'Module definition must be in "n:s", "n:s:v" or "n:s:v:c" format, but got nodejs',
  ],
  [
    'base module',
    { source: { type: 'module', source: 'platform:f40' } },
    'ODCS currently cannot create compose with base modules, but platform was requested.',
  ],
  [
    'module defaults url alone',
    tag({}, { module_defaults_url: 'https://x/y.git' }),
    'The "module_defaults_url" and "module_defaults_commit" must be used together.',
  ],
  ['unknown flag', tag({ flags: ['no_deps', 'fast'] }), 'Unknown flag "fast"'],
  ['unknown result', tag({ results: ['cdrom'] }), 'Unknown result "cdrom"'],
  ['ostree result', tag({ results: ['ostree'] }), 'Result "ostree" is not supported'],
  ['unknown multilib method', tag({ multilib_method: ['weird'] }), 'Unknown multilib method "weird"'],
  ['unknown target_dir', tag({ target_dir: 'nowhere' }), 'Unknown "target_dir" "nowhere"'],
];

describe('POST /api/1/composes/ validation (CONTRACT §2)', () => {
  for (const [name, body, message] of CASES) {
    it(`rejects ${name} with 400 and writes nothing`, async () => {
      const res = await t.request('POST', '/api/1/composes/', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, error: 'Bad Request' });
      expect(res.body.message).toContain(message);
      const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM composes');
      expect(row?.n).toBe(0);
    });
  }

  it('accepts Unicode letters and leaves packages unchecked', async () => {
    const res = await t.request('POST', '/api/1/composes/', tag({ label: 'Ünïcode-1' }, { packages: ['gcc-c++', 'perl(Foo::Bar)'] }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ label: 'Ünïcode-1', packages: 'gcc-c++ perl(Foo::Bar)', state_name: 'wait' });
  });

  it('parses the body as JSON whatever the Content-Type', async () => {
    const res = await t.request('POST', '/api/1/composes/', JSON.stringify(tag()), { 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('f40');
  });
});

describe('input that must never reach the database as is', () => {
  it.each([
    ['a huge koji_event', tag({}, { koji_event: 3000000000 }), 'koji_event should be an integer between'],
    [
      'a huge base_module_br_stream_version_lte',
      tag({}, { base_module_br_stream_version_lte: 99999999999 }),
      'should be an integer between',
    ],
    ['a control character in a package name', tag({}, { packages: ['ed\u0000'] }), 'Control characters are not allowed'],
    ['__proto__ as target_dir', tag({ target_dir: '__proto__' }), 'Unknown "target_dir" "__proto__"'],
    ['constructor as target_dir', tag({ target_dir: 'constructor' }), 'Unknown "target_dir" "constructor"'],
    ['arches as a string', tag({ arches: 'aarch64' }), 'arches should be a list'],
    ['lookaside_repos as a string', tag({ lookaside_repos: 'http://x/repo' }), 'lookaside_repos should be a list'],
    ['modular_koji_tags as a string', tag({}, { modular_koji_tags: 'f40-modular' }), 'modular_koji_tags should be a list'],
  ])('rejects %s with 400', async (_name, body, message) => {
    const res = await t.request('POST', '/api/1/composes/', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it.each([[-99999999999999], ['-9999999999999999999'], [99999999999999]])('bounds seconds_to_live %s instead of failing', async (ttl) => {
    const key = typeof ttl === 'string' ? 'seconds-to-live' : 'seconds_to_live';
    const res = await t.request('POST', '/api/1/composes/', tag({ [key]: ttl }));
    expect(res.status).toBe(200);
    await t.db.query('DELETE FROM composes');
  });

  it.each(['?per_page=100000000000000000000', '?page=922337203685477580', '?state[a]=1', '?source_type[x]=1&owner[a]=b'])(
    'answers GET /api/1/composes/%s without a server error',
    async (query) => {
      const res = await t.request('GET', `/api/1/composes/${query}`);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('answers 404 for a malformed path under the compose files', async () => {
    expect((await t.request('GET', '/composes/%E0%A4%A')).status).toBe(404);
  });
});
