import { chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoveExpiredComposesJob } from '@odcs/backend';
import type { TestApp } from '../../support/app.js';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { gitRoot, startGitDaemon, type TestGitRepo } from '../../support/git/git-repos.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

const VARIANTS = `<?xml version="1.0" encoding="UTF-8"?>
<variants><variant id="Temporary" name="Temporary" type="variant"><arches><arch>x86_64</arch></arches></variant></variants>
`;
const rawConfig = (marker: string, extra = '') =>
  `release_name = 'compose'\nrelease_short = 'compose'\nrelease_version = '10'\nvariants_file = 'variants.xml'\nmarker = '${marker}'\n${extra}`;

const roots = gitRoot();
let repo: TestGitRepo;
let firstCommit: string;
let daemon: Awaited<ReturnType<typeof startGitDaemon>>;
let hub: KojiHub;
let t: TestApp;
let target: string;
const dir = mkdtempSync(join(tmpdir(), 'odcs-rawcfg-'));

beforeAll(async () => {
  repo = roots.repo('configs');
  firstCommit = repo.commit({ 'main.conf': rawConfig('first'), 'variants.xml': VARIANTS, 'sub/sub.conf': rawConfig('sub') });
  repo.commit({ 'main.conf': rawConfig('second') });
  repo.commit({ 'main.conf': rawConfig('invalid', "invalid_option = 'x'\n") }, 'invalid');
  repo.commit({ 'main.conf': "marker = 'no release'\n" }, 'norelease');
  repo.commit({ 'main.conf': rawConfig('slow', "standin_mode = 'sleep'\n") }, 'slow');
  daemon = await startGitDaemon(roots.root, 'configs');
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  const wrapper = join(dir, 'wrapper.conf');
  writeFileSync(
    wrapper,
    "from raw_config import *\ncompose_marker = '{{ compose.id }}-{{ compose.compose_type }}'\n{% if compose.label %}label_marker = '{{ compose.label }}'{% endif %}\n",
  );
  const badWrapper = join(dir, 'bad-wrapper.conf');
  writeFileSync(badWrapper, 'from raw_config import *\nx = {{ compose.id | no_such_filter }}\n');
  const validate = join(dir, 'pungi-config-validate');
  writeFileSync(
    validate,
    `#!/bin/sh\necho "validating $*"\nif grep -q invalid_option raw_config.conf; then echo "Unrecognized option invalid_option" >&2; exit 1; fi\n`,
  );
  chmodSync(validate, 0o755);
  const local = { url: repo.fileUrl, config_filename: 'main.conf' };
  t = await startService({
    servedUrls: true,
    config: {
      koji_hub_url: hub.hubUrl,
      compose_engine: 'pungi',
      pungi_koji: pungiStandin().command,
      pungi_config_validate: validate,
      cleanup_interval_seconds: 3600, // the test runs the expiry sweep itself
      raw_config_schema_override: '/etc/odcs/schema.json',
      raw_config_urls: {
        local,
        daemon: { url: daemon.url('configs'), config_filename: 'main.conf', raw_config_wrapper: wrapper },
        pinned: { ...local, commit: firstCommit, schema_override: '/etc/odcs/pinned.json' },
        sub: { url: repo.fileUrl, config_filename: 'sub.conf', path: 'sub', raw_config_pungi_koji_args: ['--nightly'] },
        slow: { ...local, pungi_timeout: 1 },
        unreachable: { url: 'git://127.0.0.1:1/configs', config_filename: 'main.conf' },
        badwrapper: { ...local, raw_config_wrapper: badWrapper },
      },
    },
  });
  target = t.config.target_dir;
});
afterAll(async () => {
  await t.close();
  await hub.close();
  await daemon.close();
  roots.close();
});

const generated = async (body: object) =>
  waitForState(t, (await t.request('POST', '/api/1/composes/', body)).body.id, ['done', 'failed'], 60_000);
const sweep = () => t.app.get(RemoveExpiredComposesJob).run();
const composeFile = (id: number, ...parts: string[]) => readFileSync(join(target, `odcs-${id}`, ...parts), 'utf8');
const received = (id: number, name: string) => composeFile(id, 'logs', 'global', 'config-copy', name);
const argv = (id: number): string[] => JSON.parse(composeFile(id, 'standin-argv.json'));
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
};

describe('raw_config composes (CONTRACT §9.3, §9.5, §9.8)', () => {
  it('checks out a branch over file://, hands Pungi the wrapper and raw_config.conf, links the compose', async () => {
    const c = await generated({ source: { type: 'raw_config', source: 'local#main' } });
    expect(c.state_name, c.state_reason).toBe('done');
    expect(c.pungi_compose_id).toBe(`compose-10-${today()}.t.0`);
    expect(c.koji_event).toBe(hub.lastEvent());
    expect(received(c.id, 'raw_config.conf')).toBe(rawConfig('second'));
    expect(received(c.id, 'pungi.conf')).toBe("from raw_config import *\n\nkoji_profile = 'odcs_stg'\ncreaterepo_deltas = False\n");
    const args = argv(c.id);
    expect(args).toContain('--test');
    expect(args.join(' ')).toContain(`--koji-event ${c.koji_event}`);
    expect(args.join(' ')).toContain(`--old-composes ${join(target, 'test')}`);
    expect(readlinkSync(join(target, 'test', c.pungi_compose_id))).toBe(`../odcs-${c.id}`);
    expect(readlinkSync(join(target, 'test', 'latest-compose-10'))).toBe(`../odcs-${c.id}`);
    expect(composeFile(c.id, 'pungi-config-validate-stdout.log')).toMatch(
      /^validating --old-composes --schema-override \/etc\/odcs\/schema.json \/.*\/pungi.conf\n$/,
    );
    expect(c.result_repofile).toBe('');
    expect(await dnfRepoquery({ url: `${c.toplevel_url}/compose/Temporary/x86_64/os` })).toEqual([]);
  });

  it('checks out a commit through git daemon and renders the wrapper with the compose JSON', async () => {
    const c = await generated({ source: { type: 'raw_config', source: `daemon#${firstCommit}` }, label: 'Beta-1.0' });
    expect(c.state_name, c.state_reason).toBe('done');
    expect(received(c.id, 'raw_config.conf')).toBe(rawConfig('first'));
    expect(received(c.id, 'pungi.conf')).toBe(`from raw_config import *\ncompose_marker = '${c.id}-test'\nlabel_marker = 'Beta-1.0'\n`);
    expect(composeFile(c.id, 'raw_config_commit').trim()).toBe(firstCommit);
    expect(c.pungi_compose_id).toMatch(new RegExp(`^compose-10-${today()}\\.t\\.\\d+$`));
    expect(readlinkSync(join(target, 'test', 'latest-compose-10-Beta-1.0'))).toBe(`../odcs-${c.id}`);
    expect(argv(c.id)).toContain('--label=Beta-1.0');
  });

  it('pins the configured commit, reads a path subdir and uses per-entry pungi-koji args and schema override', async () => {
    const pinned = await generated({ source: { type: 'raw_config', source: 'pinned#main' } });
    expect(pinned.state_name, pinned.state_reason).toBe('done');
    expect(received(pinned.id, 'raw_config.conf')).toBe(rawConfig('first'));
    expect(composeFile(pinned.id, 'pungi-config-validate-stdout.log')).toContain(
      '--schema-override /etc/odcs/schema.json --schema-override /etc/odcs/pinned.json',
    );
    const sub = await generated({ source: { type: 'raw_config', source: 'sub#main' } });
    expect(sub.state_name, sub.state_reason).toBe('done');
    expect(received(sub.id, 'raw_config.conf')).toBe(rawConfig('sub'));
    expect(argv(sub.id)).toContain('--nightly');
    expect(argv(sub.id)).not.toContain('--test');
  });

  it('stores the config dump of a production compose, keeps the linked compose and renews a removed one from its dump', async () => {
    const first = await generated({ source: { type: 'raw_config', source: `local#${firstCommit}` }, compose_type: 'production' });
    expect(first.state_name, first.state_reason).toBe('done');
    const detail = (await t.request('GET', `/api/1/composes/${first.id}`)).body;
    expect(JSON.parse(detail.pungi_config_dump)).toMatchObject({ release_short: 'compose', marker: 'first', koji_profile: 'odcs_stg' });
    expect(readlinkSync(join(target, 'production', 'latest-compose-10'))).toBe(`../odcs-${first.id}`);

    // The latest link protects the compose from expiry; a newer compose takes the link over.
    await t.request('DELETE', `/api/1/composes/${first.id}`);
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${first.id}`)).body.state_name).toBe('done');
    const second = await generated({ source: { type: 'raw_config', source: 'local#main' }, compose_type: 'production' });
    expect(second.state_name, second.state_reason).toBe('done');
    expect(readlinkSync(join(target, 'production', 'latest-compose-10'))).toBe(`../odcs-${second.id}`);
    await sweep();
    expect((await t.request('GET', `/api/1/composes/${first.id}`)).body.state_name).toBe('removed');
    expect(existsSync(join(target, 'production', first.pungi_compose_id))).toBe(false);
    expect(existsSync(join(target, `odcs-${first.id}`))).toBe(false);

    const renewed = (await t.request('PATCH', `/api/1/composes/${first.id}`, { seconds_to_live: 600 })).body;
    const again = await waitForState(t, renewed.id, ['done', 'failed'], 60_000);
    expect(again.state_name, again.state_reason).toBe('done');
    expect(again.respin_of).toBe(first.pungi_compose_id);
    expect(composeFile(again.id, 'raw_config_commit').trim()).toBe(firstCommit);
    expect(argv(again.id).find((a) => a.startsWith('--config='))).toMatch(/\/pungi\.json$/);
    expect(JSON.parse(received(again.id, 'pungi.json'))).toMatchObject({
      marker: 'first',
      koji_profile: 'odcs_stg',
      createrepo_deltas: false,
    });
  });

  it.each([
    ['unreachable#main', 'Error while generating compose: Cannot reach the git repository git://127.0.0.1:1/configs: '],
    [`local#${'0'.repeat(40)}`, `Error while generating compose: Unknown commit ${'0'.repeat(40)} in file://`],
    ['local#no-such-branch', 'Error while generating compose: Unknown commit no-such-branch in file://'],
    ['badwrapper#main', 'Error while generating compose: Cannot render the raw config wrapper: '],
    ['local#invalid', 'Error while generating compose: Config validation failed ('],
    ['local#norelease', 'Error while generating compose: Command '],
    ['slow#slow', 'Error while generating compose: Compose has taken more time than allowed by configuration (1 seconds)'],
  ])('fails %s with a clear reason', async (source, reason) => {
    const c = await generated({ source: { type: 'raw_config', source } });
    expect(c.state_name).toBe('failed');
    expect(c.state_reason.startsWith(reason), c.state_reason).toBe(true);
  });

  it('names a raw_config source the backend does not know (renew of a compose whose source left the configuration)', async () => {
    const old = await generated({ source: { type: 'raw_config', source: 'local#main' } });
    await t.db.query(`UPDATE composes SET source = 'gone#main' WHERE id = $1`, [old.id]);
    const renewed = (await t.request('PATCH', `/api/1/composes/${old.id}`, { sigkeys: ['other'] })).body;
    const c = await waitForState(t, renewed.id, ['done', 'failed'], 60_000);
    expect(c.state_name).toBe('failed');
    expect(c.state_reason).toBe(
      'Error while generating compose: Unknown raw_config source "gone": it is not in raw_config_urls of backend configuration.',
    );
  });

  it('counts raw_config composes per source in the metrics, sources with fewer than 5 composes summed up', async () => {
    for (let i = 0; i < 4; i++) expect((await generated({ source: { type: 'raw_config', source: 'sub#main' } })).state_name).toBe('done');
    const text = (await t.request('GET', '/api/1/metrics/')).text;
    expect(text).toContain(
      '# HELP raw_config_composes_count_total Total number of raw_config composes per source\n# TYPE raw_config_composes_count_total counter\n',
    );
    expect(text).toContain('raw_config_composes_count_total{source="sub#main"} 5\n');
    expect(text).toContain('raw_config_composes_count_total{source="daemon#other_commits_or_branches"} 1\n');
    expect(text).toContain('# HELP raw_config_composes_total State with count\n# TYPE raw_config_composes_total counter\n');
    expect(text).toContain('raw_config_composes_total{source="sub#main",state="done"} 5\n');
    expect(text).toContain('raw_config_composes_total{source="unreachable#other_commits_or_branches",state="failed"} 1\n');
  });
});
