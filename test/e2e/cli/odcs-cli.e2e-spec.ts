import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

// The built binary (npm run build), as `npm install` links it: package.json "bin".
const ODCS = resolve('apps/cli/dist/main.js');

let hub: KojiHub;
let t: TestApp;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function odcs(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return execOdcsAt(t.baseUrl, ['--interval', '200', ...args], env);
}

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  const standin = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '1' });
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: standin.command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

describe('odcs CLI against a live server', () => {
  it('create tag waits, shows progress as plain lines when piped, tails the log and exits 0 when done', async () => {
    const run = await odcs(['create', 'tag', 'odcs-candidate', 'odcs-foo', '--flag', 'no_reuse', '--arch', 'x86_64', '--watch', '--logs']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^state: +done$/m);
    expect(run.stdout).toMatch(/^source: +tag odcs-candidate$/m);
    expect(run.stderr).not.toContain('\r');
    const lines = run.stderr.split('\n');
    expect(lines.some((l) => /^\d{4}-\d\d-\d\dT.* odcs-\d+ generating .*\d\d:\d\d$/.test(l))).toBe(true);
    expect(lines.some((l) => /odcs-\d+ done .*Compose is generated successfully/.test(l))).toBe(true);
    expect(run.stderr).toContain('pungi-koji-standin: running phases');
    const id = Number(/^id: +(\d+)$/m.exec(run.stdout)![1]);
    const json = (await t.request('GET', `/api/1/composes/${id}`)).body;
    expect(json).toMatchObject({ state_name: 'done', packages: 'odcs-foo', flags: ['no_reuse'], arches: 'x86_64' });
  });

  it('--no-wait --json prints the created compose; wait exits 0 when it is done; get and renew', async () => {
    const run = await odcs(['--json', '--no-wait', 'create', 'tag', 'odcs-base', '--sigkey', 'none', '--label', 'Alpha-1.1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\{\n {4}"arches"/);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ state_name: 'wait', source: 'odcs-base', sigkeys: '', label: 'Alpha-1.1' });
    const waited = await odcs(['wait', String(created.id)]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toMatch(/^state: +done$/m);
    const got = await odcs(['get', String(created.id), '--json']);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: created.id, state_name: 'done' });
    expect(JSON.parse(got.stdout)).toHaveProperty('pungi_config_dump'); // the detail JSON
    const renewed = await odcs(['--json', '--no-wait', 'renew', String(created.id), '--seconds-to-live', '200000']);
    expect(renewed.code, renewed.stderr).toBe(0);
    const ttl = Date.parse(JSON.parse(renewed.stdout).time_to_expire) - Date.now();
    expect(ttl).toBeGreaterThan(190_000_000); // extended beyond the default day
    expect(ttl).toBeLessThanOrEqual(200_000_000);
  });

  it('watch in a terminal redraws one live status line', async () => {
    const id = JSON.parse((await odcs(['--json', '--no-wait', 'create', 'tag', 'odcs-base', '--flag', 'no_reuse'])).stdout).id;
    // script(1) gives the binary a pseudo-terminal, as a user's shell does.
    const command = [process.execPath, ODCS, '--server', t.baseUrl, '--interval', '200', 'watch', String(id)].join(' ');
    const run = await new Promise<Run>((done) =>
      execFile('script', ['-qec', command, '/dev/null'], { timeout: 60_000 }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
      ),
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`\r\x1b[Kodcs-${id} generating`);
    expect(run.stdout).toMatch(new RegExp(`odcs-${id} done +Compose is generated successfully +\\d\\d:\\d\\d\\r?\\n`));
  });

  it("sends the python CLI's flags: module filters, the create-tag spelling, raw-config and pulp sources", async () => {
    const mod = await odcs([
      '--json',
      '--no-wait',
      'create',
      'module',
      'testmodule:master',
      'other:1',
      '--base-module-br-name',
      'platform',
      '--base-module-br-stream',
      'f30',
      '--base-module-br-stream-version-lte',
      '300000',
      '--base-module-br-stream-version-gte',
      '290000',
      '--modular-tag',
      'odcs-base',
      '--module-defaults-url',
      'https://git.example/defaults',
      '--module-defaults-commit',
      'abc',
    ]);
    expect(mod.code, mod.stderr).toBe(0);
    expect(JSON.parse(mod.stdout)).toMatchObject({
      source_type: 2,
      source: 'testmodule:master other:1',
      base_module_br_name: 'platform',
      base_module_br_stream: 'f30',
      base_module_br_stream_version_lte: 300000,
      base_module_br_stream_version_gte: 290000,
      modular_koji_tags: 'odcs-base',
      module_defaults_url: 'https://git.example/defaults abc',
    });
    const legacy = await odcs([
      '--json',
      '--no-wait',
      'create-tag',
      'odcs-base',
      'odcs-foo',
      '--sigkey',
      'ABC',
      '--sigkey',
      'none',
      '--koji-event',
      '7',
    ]);
    expect(legacy.code, legacy.stderr).toBe(0);
    expect(JSON.parse(legacy.stdout)).toMatchObject({ source_type: 1, packages: 'odcs-foo', sigkeys: 'ABC ', koji_event: 7 });
    // No raw_config_urls and no Pulp configured here: the server's refusal comes back as exit 3.
    const raw = await odcs(['create', 'raw-config', 'nightly', 'abc123']);
    expect(raw.code).toBe(3);
    expect(raw.stderr).toMatch(/400 .*nightly/);
    expect((await odcs(['--koji-event', 'x', 'create', 'tag', 'odcs-base'])).code).toBe(2);
    expect((await odcs(['create', 'tag', 'odcs-base', '--koji-event', 'x'])).code).toBe(2);
  });

  it('exits 1 when the compose fails, with the reason', async () => {
    const run = await odcs(['create', 'tag', 'no-such-tag']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^state: +failed$/m);
    expect(run.stdout).toMatch(/^reason: +.*no-such-tag/m);
  });

  it('list filters and pages', async () => {
    for (const label of ['Beta-1.1', 'Beta-1.2', 'Beta-1.3']) {
      const id = JSON.parse((await odcs(['--json', '--no-wait', 'create', 'build', 'odcs-foo-1.0-1', '--label', label])).stdout).id;
      await waitForState(t, id, ['done', 'failed']);
    }
    const page = await odcs(['list', '--source-type', '6', '--per-page', '2', '--page', '2', '--json']);
    expect(page.code, page.stderr).toBe(0);
    const body = JSON.parse(page.stdout);
    expect(body.meta).toMatchObject({ page: 2, per_page: 2, total: 3, pages: 2 });
    expect(body.items.map((c: { label: string }) => c.label)).toEqual(['Beta-1.1']);
    const table = await odcs(['list', '--label', 'Beta-1.2', '--state', 'done']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +STATE +TYPE +OWNER +SOURCE +SUBMITTED$/);
    expect(table.stdout).toMatch(/^\d+ +done +build +unknown/m);
    expect(table.stdout).toContain('page 1 of 1 (1 composes)');
  });

  it('delete cancels a compose', async () => {
    const id = JSON.parse((await odcs(['--json', '--no-wait', 'create', 'tag', 'odcs-updates', '--flag', 'no_reuse'])).stdout).id;
    const run = await odcs(['delete', String(id)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${id}`);
    expect((await waitForState(t, id, ['failed', 'removed', 'done'])).state_name).not.toBe('done');
  });

  it('exits 2 on usage errors and 3 on server errors, with the message', async () => {
    expect((await odcs(['create', 'tag'])).code).toBe(2);
    expect((await odcs(['frobnicate'])).code).toBe(2);
    const badId = await odcs(['get', 'abc']);
    expect(badId).toMatchObject({ code: 2, stderr: expect.stringContaining('a compose id is a non-negative integer') });
    expect((await odcs(['create', 'module'])).code).toBe(2);
    const missing = await odcs(['get', '999999']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('404 No such compose found.');
    const refused = await odcs(['create', 'tag', 'odcs-base', '--flag', 'bogus']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/400 Unknown flag.*bogus/);
    const down = await execOdcsAt('http://127.0.0.1:9/', ['get', '1']);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:9');
  });

  it('sends the token from --token, a token file or $ODCS_TOKEN as a Bearer header', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"x"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const file = join(mkdtempSync(join(tmpdir(), 'odcs-token-')), 'token');
    writeFileSync(file, 'from-file\n');
    try {
      expect((await execOdcsAt(url, ['--token', 'literal', 'about'])).code).toBe(0);
      expect((await execOdcsAt(url, ['--token', file, 'about'])).code).toBe(0);
      expect((await execOdcsAt(url, ['about'], { ODCS_TOKEN: 'from-env' })).code).toBe(0);
      expect((await execOdcsAt(url, ['about'], { ODCS_TOKEN_FILE: file })).code).toBe(0);
    } finally {
      server.close();
    }
    expect(seen).toEqual(['Bearer literal', 'Bearer from-file', 'Bearer from-env', 'Bearer from-file']);
  });
});

/** The binary against another server than the test service. */
function execOdcsAt(server: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [ODCS, '--server', server, ...args],
      { env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}
