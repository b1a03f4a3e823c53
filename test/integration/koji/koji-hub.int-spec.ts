// The test hub checked with the xmlrpc package's own client, independently of @odcs/koji.
import xmlrpc from 'xmlrpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';

function call(hub: KojiHub, method: string, params: unknown[]): Promise<unknown> {
  const client = xmlrpc.createClient({ url: hub.hubUrl });
  return new Promise((resolve, reject) => client.methodCall(method, params, (err, value) => (err ? reject(err) : resolve(value))));
}

describe('test Koji hub over plain XML-RPC', () => {
  let hub: KojiHub;
  beforeAll(async () => {
    hub = await startKojiHub((await sampleKojiWorld()).fixture);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers getTag with a struct, and <nil/> for a missing tag', async () => {
    expect(await call(hub, 'getTag', ['odcs-base'])).toMatchObject({ name: 'odcs-base', arches: 'x86_64 i686' });
    expect(await call(hub, 'getTag', ['nope'])).toBeNull();
  });

  it('decodes keyword arguments from a trailing __starstar struct', async () => {
    const builds = (await call(hub, 'listTagged', ['odcs-updates', { inherit: true, latest: true, __starstar: true }])) as Array<{
      nvr: string;
    }>;
    expect(builds.map((b) => b.nvr)).toEqual(['odcs-foo-1.1-1', 'odcs-baz-0.1-1', 'odcs-bar-2.0-1']);
  });

  it('answers faults the way Koji does (GenericError = 1000)', async () => {
    await expect(call(hub, 'listTagged', ['nope'])).rejects.toMatchObject({ faultCode: 1000, faultString: "No such tagInfo: 'nope'" });
    await expect(call(hub, 'noSuchMethod', [])).rejects.toMatchObject({ faultString: 'Invalid method: noSuchMethod' });
    await expect(call(hub, 'getTag', ['x', { bogus: 1, __starstar: true }])).rejects.toMatchObject({
      faultString: "getTag() got an unexpected keyword argument 'bogus'",
    });
  });

  it('runs multiCall members independently, faults included', async () => {
    const results = await call(hub, 'multiCall', [
      [
        { methodName: 'getLastEvent', params: [] },
        { methodName: 'getTag', params: ['nope', { strict: true, __starstar: true }] },
      ],
    ]);
    expect(results).toEqual([
      [{ id: hub.lastEvent(), ts: expect.any(Number) }],
      { faultCode: 1000, faultString: "No such tagInfo: 'nope'" },
    ]);
  });

  it('records tag history: old events keep old content, tagChangedSinceEvent tells the truth', async () => {
    const before = hub.lastEvent();
    const base = (await call(hub, 'getTag', ['odcs-base'])) as { id: number };
    const updates = (await call(hub, 'getTag', ['odcs-updates'])) as { id: number };
    expect(await call(hub, 'tagChangedSinceEvent', [before, [base.id, updates.id]])).toBe(false);
    const event = hub.untagBuild('odcs-updates', 'odcs-foo-1.1-1');
    expect(event).toBe(before + 1);
    expect(await call(hub, 'tagChangedSinceEvent', [before, [base.id]])).toBe(false);
    expect(await call(hub, 'tagChangedSinceEvent', [before, [updates.id]])).toBe(true);
    const nvrs = async (ev: number) =>
      (
        (await call(hub, 'listTagged', ['odcs-updates', { event: ev, inherit: true, latest: true, __starstar: true }])) as Array<{
          nvr: string;
        }>
      ).map((b) => b.nvr);
    expect(await nvrs(before)).toContain('odcs-foo-1.1-1');
    expect(await nvrs(event)).toContain('odcs-foo-1.0-1');
    hub.tagBuild('odcs-updates', 'odcs-foo-1.1-1');
  });

  it('serves RPMs with Content-Length and 404s unknown paths', async () => {
    const ok = await fetch(`${hub.topUrl}/packages/odcs-foo/1.0/1/noarch/odcs-foo-1.0-1.noarch.rpm`);
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('content-length'))).toBe((await ok.arrayBuffer()).byteLength);
    const signed = await fetch(`${hub.topUrl}/packages/odcs-foo/1.0/1/data/signed/abcd1234/noarch/odcs-foo-1.0-1.noarch.rpm`, {
      method: 'HEAD',
    });
    expect(signed.status).toBe(200);
    const missing = await fetch(`${hub.topUrl}/packages/odcs-foo/1.1/1/data/signed/abcd1234/noarch/odcs-foo-1.1-1.noarch.rpm`);
    expect(missing.status).toBe(404);
  });
});
