import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import { engineWorld, type EngineWorld } from '../../support/engine/engine-world.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

/** A hand-written productmd rpms.json of a compose with two variants (CONTRACT §8.3). */
const binary = (nevra: string, sigkey: string | null) => ({ [nevra]: { category: 'binary', path: `x/${nevra}.rpm`, sigkey } });
const source = (nevra: string) => ({ [nevra]: { category: 'source', path: `src/${nevra}.rpm`, sigkey: null } });
const RPMS_JSON = {
  header: { type: 'productmd.rpms', version: '1.2' },
  payload: {
    compose: { id: 'Other-1.0-20260101.0', type: 'production', date: '20260101', respin: 0 },
    rpms: {
      Server: {
        x86_64: {
          'signed-0:1.0-1.src': { ...binary('signed-0:1.0-1.noarch', 'aaaa1111'), ...source('signed-0:1.0-1.src') },
          'alsosigned-0:1.0-1.src': binary('alsosigned-0:1.0-1.noarch', 'aaaa1111'),
        },
        src: { 'signed-0:1.0-1.src': source('signed-0:1.0-1.src') },
      },
      Client: {
        x86_64: {
          'plain-0:1.0-1.src': binary('plain-0:1.0-1.noarch', null),
          'helper-0:1.0-1.src': binary('helper-0:1.0-1.noarch', null),
        },
        i686: { 'helper-0:1.0-1.src': binary('helper-0:1.0-1.noarch', null) },
      },
    },
  },
};

let world: EngineWorld;
let hub: KojiHub;
let t: TestApp;
let other: Server;
let otherUrl: string;

beforeAll(async () => {
  world = await engineWorld();
  hub = await startKojiHub(world.fixture);
  t = await startService({
    servedUrls: true,
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'builtin', arches: ['x86_64'] },
  });
  let flakyHits = 0;
  other = createServer((req, res) => {
    // /flaky/: the first request gets a 503 (a proxy in front of a restarting server), the next the document.
    const flaky = req.url === '/flaky/metadata/rpms.json' && flakyHits++ === 0;
    if (flaky) res.writeHead(503).end('try again');
    else if (req.url === '/compose/metadata/rpms.json' || req.url === '/flaky/metadata/rpms.json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RPMS_JSON));
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await hub.close();
  await new Promise((r) => other.close(r));
});

const post = async (body: object) => (await t.request('POST', '/api/1/composes/', body)).body as Record<string, any>;
const generated = async (body: object) => waitForState(t, (await post(body)).id, ['done', 'failed'], 60_000);

describe('pungi_compose composes (CONTRACT §8.3)', () => {
  it('repeats a compose made by odcs itself, served over HTTP, with the same content', async () => {
    const tag = await generated({ source: { type: 'tag', source: 'eng-tag', packages: ['app'] } });
    expect(tag.state_name, tag.state_reason).toBe('done');
    const variantUrl = `${tag.toplevel_url}/compose/Temporary/`;
    const copy = await generated({ source: { type: 'pungi_compose', source: variantUrl } });
    expect(copy.state_name, copy.state_reason).toBe('done');
    expect(copy).toMatchObject({
      source: variantUrl,
      arches: 'x86_64',
      sigkeys: '',
      builds: 'app-1.0-1 helper-1.0-1 widget-2.0-1',
      packages: 'app helper widget widget-data',
    });
    const original = await dnfRepoquery({ url: `${tag.result_repo}/x86_64/os` });
    expect(await dnfRepoquery({ url: `${copy.result_repo}/x86_64/os` })).toEqual(original);
    expect(original).toContain('widget-data-2.0-1.noarch');
  });

  it('takes the sigkeys, arches, builds and packages of the requested variant of a hand-written rpms.json', async () => {
    const server = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/compose/Server` }, arches: ['ppc64le'] });
    expect(server.state_name, server.state_reason).toBe('done');
    expect(server).toMatchObject({
      arches: 'x86_64',
      sigkeys: 'aaaa1111',
      builds: 'alsosigned-1.0-1 signed-1.0-1',
      packages: 'alsosigned signed',
    });
    expect(await dnfRepoquery({ url: `${server.result_repo}/x86_64/os` })).toEqual(['alsosigned-1.0-1.noarch', 'signed-1.0-1.noarch']);
    const rpms = JSON.parse(readFileSync(join(t.config.target_dir, `odcs-${server.id}`, 'compose', 'metadata', 'rpms.json'), 'utf8'));
    const sigkeys = Object.values(rpms.payload.rpms.Temporary.x86_64 as Record<string, Record<string, { sigkey: string }>>).flatMap((b) =>
      Object.values(b).map((r) => r.sigkey),
    );
    expect(sigkeys).toEqual(['aaaa1111', 'aaaa1111']);

    const client = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/compose/Client` } });
    expect(client.state_name, client.state_reason).toBe('done');
    expect(client).toMatchObject({ arches: 'i686 x86_64', sigkeys: '', builds: 'helper-1.0-1 plain-1.0-1', packages: 'helper plain' });
    expect(await dnfRepoquery({ url: `${client.result_repo}/x86_64/os` })).toEqual(['helper-1.0-1.noarch', 'plain-1.0-1.noarch']);
  });

  it('fails with the contract message when rpms.json has no section for the variant', async () => {
    const failed = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/compose/Workstation` } });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      `Error while generating compose: The ${otherUrl}/compose/metadata/rpms.json does not contain payload -> rpms -> Workstation section`,
    );
  });

  it('retries a 503 answer within net_timeout', async () => {
    const c = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/flaky/Client` } });
    expect(c.state_name, c.state_reason).toBe('done');
    expect(c.builds).toBe('helper-1.0-1 plain-1.0-1');
  });

  it('fails naming the URL when there is no rpms.json', async () => {
    const failed = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/elsewhere/Server` } });
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      `Error while generating compose: Cannot fetch ${otherUrl}/elsewhere/metadata/rpms.json: HTTP 404 Not Found`,
    );
  });

  it('renews a removed compose with the same rpms.json content', async () => {
    const first = await generated({ source: { type: 'pungi_compose', source: `${otherUrl}/compose/Client` }, flags: ['no_reuse'] });
    expect(first.state_name, first.state_reason).toBe('done');
    await t.request('DELETE', `/api/1/composes/${first.id}`);
    await waitForState(t, first.id, ['removed']);
    const renewed = (await t.request('PATCH', `/api/1/composes/${first.id}`, { seconds_to_live: 600 })).body;
    expect(renewed.id).not.toBe(first.id);
    const done = await waitForState(t, renewed.id, ['done', 'failed'], 60_000);
    expect(done.state_name, done.state_reason).toBe('done');
    for (const key of ['source', 'arches', 'sigkeys', 'builds', 'packages']) expect(done[key]).toEqual(first[key]);
    expect(await dnfRepoquery({ url: `${done.result_repo}/x86_64/os` })).toEqual(['helper-1.0-1.noarch', 'plain-1.0-1.noarch']);
  });
});

describe('pungi_compose with the Pungi engine', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await startService({ config: { compose_engine: 'pungi', pungi_koji: pungiStandin().command } });
  });
  afterAll(async () => p.close());

  it('hands the resolved builds and packages to Pungi', async () => {
    const created = (
      await p.request('POST', '/api/1/composes/', { source: { type: 'pungi_compose', source: `${otherUrl}/compose/Client` } })
    ).body;
    const done = await waitForState(p, created.id, ['done', 'failed']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done).toMatchObject({ arches: 'i686 x86_64', builds: 'helper-1.0-1 plain-1.0-1', packages: 'helper plain' });
    const rpms = JSON.parse(readFileSync(join(p.config.target_dir, `odcs-${done.id}`, 'compose', 'metadata', 'rpms.json'), 'utf8'));
    expect(Object.keys(rpms.payload.rpms.Temporary).sort()).toEqual(['i686', 'x86_64']);
    expect(Object.keys(rpms.payload.rpms.Temporary.x86_64).sort()).toEqual(['helper-0:1.0-1.src', 'plain-0:1.0-1.src']);
  });
});
