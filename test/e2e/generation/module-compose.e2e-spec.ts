import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { startMbsServer, type MbsServer } from '../../support/mbs/mbs-server.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let mbs: MbsServer;
let t: TestApp;
let runsLog: string;

beforeAll(async () => {
  mbs = await startMbsServer([
    { name: 'testmodule', stream: 'master', version: '20180101', context: 'c1', platform: 'el8.2.0' },
    { name: 'testmodule', stream: 'master', version: '20180102', context: 'c1', platform: 'el8.2.0' },
    { name: 'testmodule', stream: 'master', version: '20180102', context: 'c2', platform: 'el8.2.0' },
    { name: 'donemod', stream: '1', version: '100', context: 'aa', state: 'done', platform: 'el8.2.0' },
    { name: 'broken', stream: '1', version: '900', context: 'zz', state: 'failed', platform: 'el8.2.0' },
    { name: 'app', stream: '1', version: '300', context: 'x1', platform: 'el8.2.0', requires: { lib: ['2'] } },
    // lib:2 candidates: only 200 lies in [el8.0.0, el8.2.0] of app's platform.
    { name: 'lib', stream: '2', version: '250', context: 'l3', platform: 'el8.3.0', requires: { base: ['1'] } },
    { name: 'lib', stream: '2', version: '200', context: 'l2', platform: 'el8.1.0', requires: { base: ['1'] } },
    { name: 'lib', stream: '2', version: '150', context: 'l1', platform: 'el7.9.0', requires: { base: ['1'] } },
    { name: 'base', stream: '1', version: '10', context: 'b1', platform: 'el8.0.0' },
    { name: 'platform', stream: 'el8.2.0', version: '1', context: '00000000' },
    { name: 'el9mod', stream: 'a', version: '5', context: 'n9', platform: 'el9.0.0' },
    { name: 'el9mod', stream: 'a', version: '4', context: 'n8', platform: 'el8.4.0' },
  ]);
  const standin = pungiStandin();
  runsLog = standin.runsLog;
  t = await startService({ config: { mbs_url: mbs.url, compose_engine: 'pungi', pungi_koji: standin.command } });
});
afterAll(async () => {
  await t.close();
  await mbs.close();
});

async function compose(source: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.request('POST', '/api/1/composes/', { source: { type: 'module', ...source }, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return waitForState(t, res.body.id, ['done', 'failed']);
}
const runs = () => readFileSync(runsLog, 'utf8').trim().split('\n').filter(Boolean);

describe('module composes resolved through the MBS (CONTRACT §8.3)', () => {
  it('takes all contexts of the highest ready version, queried as ODCS queries the MBS, and generates it', async () => {
    const before = mbs.requests.length;
    const done = await compose({ source: 'testmodule:master' });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('testmodule:master:20180102:c1 testmodule:master:20180102:c2');
    const q = mbs.requests[before]!;
    expect(q.get('nsvc')).toBe('testmodule:master');
    expect(q.getAll('state')).toEqual(['5']);
    expect(q.get('verbose')).toBe('True');
    expect(q.get('order_desc_by')).toBe('version');
    // Two builds per page: the second page was followed.
    expect(mbs.requests.slice(before).some((r) => r.get('page') === '2')).toBe(true);
    // The resolved modules reached Pungi's variants.xml: the stand-in lists them in modules.json as Pungi does.
    const modulesJson = await fetch(`${t.baseUrl}${new URL(done.toplevel_url).pathname}/compose/metadata/modules.json`);
    expect(modulesJson.status).toBe(200);
    const payload = ((await modulesJson.json()) as { payload: { modules: Record<string, Record<string, object>> } }).payload;
    expect(Object.keys(payload.modules['Temporary']!['x86_64']!).sort()).toEqual(done.source.split(' '));
  });

  it('names the module not found in ready state', async () => {
    const failed = await compose({ source: 'donemod:1' });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe('Error while generating compose: Failed to find module donemod:1 in ready state in the MBS.');
  });

  it('include_done_modules adds the done state (and the message says so)', async () => {
    const before = mbs.requests.length;
    const done = await compose({ source: 'donemod:1' }, { flags: ['include_done_modules'] });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('donemod:1:100:aa');
    expect(mbs.requests[before]!.getAll('state')).toEqual(['5', '3']);
    const failed = await compose({ source: 'broken:1' }, { flags: ['include_done_modules'] });
    expect(failed.state_reason).toBe('Error while generating compose: Failed to find module broken:1 in ready or done state in the MBS.');
  });

  it('a full N:S:V:C is taken in done state too', async () => {
    const done = await compose({ source: 'donemod:1:100:aa' });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('donemod:1:100:aa');
  });

  it('adds runtime dependencies recursively within the base module window, base modules excluded', async () => {
    const before = mbs.requests.length;
    const done = await compose({ source: 'app:1' });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('app:1:300:x1 base:1:10:b1 lib:2:200:l2');
    const libQuery = mbs.requests.slice(before).find((r) => r.get('nsvc') === 'lib:2')!;
    expect(libQuery.get('base_module_br_name')).toBe('platform');
    expect(libQuery.get('base_module_br_stream_version_lte')).toBe('80200');
    expect(libQuery.get('base_module_br_stream_version_gte')).toBe('80000');
    expect(mbs.requests.slice(before).some((r) => r.get('nsvc')?.startsWith('platform'))).toBe(false);
  });

  it('no_deps keeps only the requested modules', async () => {
    const done = await compose({ source: 'app:1' }, { flags: ['no_deps'] });
    expect(done.source).toBe('app:1:300:x1');
  });

  it('a -devel module not in the MBS is its non-devel module renamed, which it depends on', async () => {
    const done = await compose({ source: 'app-devel:1' }, { flags: ['no_deps'] });
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('app-devel:1:300:x1');
    const withDeps = await compose({ source: 'app-devel:1' });
    expect(withDeps.source).toBe('app-devel:1:300:x1 app:1:300:x1 base:1:10:b1 lib:2:200:l2');
  });

  it('refuses two versions of one name:stream', async () => {
    const failed = await compose({ source: 'testmodule:master:20180101 testmodule:master:20180102' });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      'Error while generating compose: testmodule:master:20180102:c1 conflicts with testmodule:master:20180101:c1',
    );
  });

  it('passes the compose base_module_br_* fields to the MBS', async () => {
    const before = mbs.requests.length;
    const done = await compose({
      source: 'el9mod:a',
      base_module_br_name: 'platform',
      base_module_br_stream_version_lte: 89999,
      base_module_br_stream_version_gte: 80000,
    });
    expect(done.source).toBe('el9mod:a:4:n8');
    const q = mbs.requests[before]!;
    expect([q.get('base_module_br_name'), q.get('base_module_br_stream_version_lte'), q.get('base_module_br_stream_version_gte')]).toEqual([
      'platform',
      '89999',
      '80000',
    ]);
    const byStream = await compose({ source: 'el9mod:a', base_module_br_name: 'platform', base_module_br_stream: 'el9.0.0' });
    expect(byStream.source).toBe('el9mod:a:5:n9');
  });

  it('retries an MBS that answers 503 and fails with the URL once net_timeout ran out', async () => {
    mbs.failNext(2);
    const done = await compose({ source: 'base:1' });
    expect(done.state_name, done.state_reason).toBe('done');
    mbs.failNext(1_000_000);
    try {
      const failed = await compose({ source: 'base:1' }, { flags: ['no_reuse'] });
      expect(failed.state_name).toBe('failed');
      expect(failed.state_reason).toMatch(
        /^Error while generating compose: Cannot query the MBS at http:\/\/127\.0\.0\.1:\d+\/module-build-service\/1\/module-builds\/\?nsvc=base%3A1.*: HTTP 503 \(gave up after 5 s\)$/,
      );
    } finally {
      mbs.failNext(0);
    }
  });

  it.each([
    [
      'http-404',
      /^The MBS answered http:\/\/127\.0\.0\.1:\d+\/module-build-service\/1\/module-builds\/\?nsvc=base%3A1\S* with HTTP 404: \{"error":"Not Found"/,
    ],
    ['not-json', /^The MBS answered http:\/\/\S+ with a body that is not JSON: <html>login required<\/html>$/],
    ['no-items', /^The MBS answered http:\/\/\S+ without an "items" list\.$/],
  ] as const)('fails at once, naming the URL, when the MBS answers %s', async (kind, reason) => {
    mbs.failNext(1, kind);
    try {
      const failed = await compose({ source: 'base:1' }, { flags: ['no_reuse'] });
      expect(failed.state_name).toBe('failed');
      expect(failed.state_reason.replace('Error while generating compose: ', '')).toMatch(reason);
    } finally {
      mbs.failNext(0);
    }
  });

  it("fails with Pungi's refusal when the module defaults repository does not exist", async () => {
    const url = 'file:///nonexistent/odcs-module-defaults.git';
    const failed = await compose({ source: 'base:1', module_defaults_url: url, module_defaults_commit: 'main' });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toMatch(
      /^Error while generating compose: Command '\[.*\]' returned non-zero value 1, stdout log: .*, stderr log: .*/,
    );
    expect(failed.state_reason).toContain(`\nERROR: Failed to get module_defaults_dir: git repository ${url} does not exist\n`);
  });

  it('reuses an identical module compose, and renew of a removed one resolves the same N:S:V:C', async () => {
    const source = 'testmodule:master donemod:1:100:aa';
    const first = await compose({ source }, { seconds_to_live: 600 });
    expect(first.reused_id).toBeNull();
    const runsBefore = runs().length;
    const second = await compose({ source });
    expect(second).toMatchObject({ state_name: 'done', reused_id: first.id, source: first.source });
    expect(runs().length).toBe(runsBefore);

    mbs.add({ name: 'testmodule', stream: 'master', version: '20180103', context: 'c1', platform: 'el8.2.0' });
    await forceState(t.db, first.id, 'removed');
    const renewed = await t.request('PATCH', `/api/1/composes/${first.id}`, { seconds_to_live: 600 });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    const after = await waitForState(t, renewed.body.id, ['done', 'failed']);
    expect(after).toMatchObject({
      state_name: 'done',
      source: 'donemod:1:100:aa testmodule:master:20180102:c1 testmodule:master:20180102:c2',
    });
    expect((await compose({ source: 'testmodule:master' })).source).toBe('testmodule:master:20180103:c1');
  });
});
