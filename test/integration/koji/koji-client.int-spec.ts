import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KojiClient, KojiUnknownBuildsError, KojiUnknownTagError } from '@odcs/koji';
import { SIGKEY_A, SIGKEY_B, sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

describe('KojiClient against the test hub', () => {
  let hub: KojiHub;
  let koji: KojiClient;
  let firstEvent: number;

  beforeAll(async () => {
    hub = await startKojiHub((await sampleKojiWorld()).fixture);
    koji = new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 0 });
    firstEvent = hub.lastEvent() - 4; // four initial taggings, one event each
  });
  afterAll(async () => {
    await hub.close();
  });

  it('getLastEvent returns the newest event id', async () => {
    expect(await koji.getLastEvent()).toEqual({ id: hub.lastEvent(), ts: expect.any(Number) });
  });

  it('getTag returns the typed tag, and null for an unknown tag', async () => {
    expect(await koji.getTag('odcs-base')).toEqual({ id: 1, name: 'odcs-base', arches: ['x86_64', 'i686'], locked: false });
    expect(await koji.getTag('odcs-updates')).toMatchObject({ id: 2, arches: [] });
    expect(await koji.getTag('no-such-tag')).toBeNull();
  });

  it('getFullInheritance walks parents depth-first with depths', async () => {
    const links = await koji.getFullInheritance(3);
    expect(links.map((l) => [l.childId, l.parentId, l.name, l.depth, l.priority])).toEqual([
      [3, 2, 'odcs-updates', 1, 10],
      [2, 1, 'odcs-base', 2, 10],
    ]);
    expect(await koji.getFullInheritance('odcs-base')).toEqual([]);
    await expect(koji.getFullInheritance('no-such-tag')).rejects.toThrow(new KojiUnknownTagError('no-such-tag'));
  });

  it('tagChangedSinceEvent reports changes per tag list', async () => {
    expect(await koji.tagChangedSinceEvent(hub.lastEvent(), [1, 2, 3])).toBe(false);
    expect(await koji.tagChangedSinceEvent(hub.lastEvent() - 1, [2, 3])).toBe(false); // last change was in odcs-base
    expect(await koji.tagChangedSinceEvent(hub.lastEvent() - 1, [1])).toBe(true);
  });

  it('listTagged: own builds, inherited builds, latest per package', async () => {
    const own = await koji.listTagged('odcs-updates');
    expect(own.map((b) => b.nvr)).toEqual(['odcs-foo-1.1-1']);
    expect(own[0]).toMatchObject({ tagId: 2, tagName: 'odcs-updates', packageName: 'odcs-foo', version: '1.1', epoch: null, state: 1 });

    const all = await koji.listTagged('odcs-candidate', { inherit: true });
    expect(all.map((b) => `${b.tagName}:${b.nvr}`)).toEqual([
      'odcs-updates:odcs-foo-1.1-1',
      'odcs-base:odcs-baz-0.1-1',
      'odcs-base:odcs-bar-2.0-1',
      'odcs-base:odcs-foo-1.0-1',
    ]);
    const latest = await koji.listTagged('odcs-candidate', { inherit: true, latest: true });
    expect(latest.map((b) => b.nvr)).toEqual(['odcs-foo-1.1-1', 'odcs-baz-0.1-1', 'odcs-bar-2.0-1']);
    expect((await koji.listTagged('odcs-base', { package: 'odcs-bar' })).map((b) => b.epoch)).toEqual([1]);
  });

  it('listTagged at an older event returns what the tag held then', async () => {
    const atStart = await koji.listTagged('odcs-candidate', { inherit: true, latest: true, event: firstEvent + 2 });
    expect(atStart.map((b) => b.nvr)).toEqual(['odcs-bar-2.0-1', 'odcs-foo-1.0-1']);
    expect(await koji.listTagged('odcs-base', { event: firstEvent })).toEqual([]);
  });

  it('listTagged on an unknown tag fails with an actionable reason', async () => {
    await expect(koji.listTagged('no-such-tag')).rejects.toThrow('Unknown Koji tag no-such-tag.');
    await expect(koji.listTaggedRPMS('no-such-tag')).rejects.toBeInstanceOf(KojiUnknownTagError);
  });

  it('listTaggedRPMS returns the RPMs of the chosen builds, filtered by arch', async () => {
    const { rpms, builds } = await koji.listTaggedRPMS('odcs-candidate', { inherit: true, latest: true });
    expect(builds.map((b) => b.nvr)).toEqual(['odcs-foo-1.1-1', 'odcs-baz-0.1-1', 'odcs-bar-2.0-1']);
    expect(rpms.map((r) => r.nvra).sort()).toEqual(
      [
        'odcs-bar-2.0-1.i686',
        'odcs-bar-2.0-1.src',
        'odcs-bar-2.0-1.x86_64',
        'odcs-bar-libs-2.0-1.x86_64',
        'odcs-baz-0.1-1.noarch',
        'odcs-baz-0.1-1.src',
        'odcs-foo-1.1-1.noarch',
        'odcs-foo-1.1-1.src',
      ].sort(),
    );
    const x86 = await koji.listTaggedRPMS('odcs-candidate', { inherit: true, latest: true, arch: ['x86_64', 'noarch'] });
    expect(x86.rpms.map((r) => r.arch).sort()).toEqual(['noarch', 'noarch', 'x86_64', 'x86_64']);
    const bar = rpms.find((r) => r.nvra === 'odcs-bar-2.0-1.x86_64')!;
    expect(bar).toMatchObject({ name: 'odcs-bar', epoch: 1, buildId: builds[2]!.id, payloadhash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(bar.size).toBeGreaterThan(0);
  });

  it('listTaggedRPMS with rpmsigs gives one row per signature key', async () => {
    const { rpms } = await koji.listTaggedRPMS('odcs-base', { latest: true, rpmsigs: true, package: 'odcs-bar', arch: 'x86_64' });
    expect(rpms.map((r) => `${r.name}:${r.sigkey}`).sort()).toEqual(
      [SIGKEY_A, SIGKEY_B].flatMap((k) => [`odcs-bar:${k.toLowerCase()}`, `odcs-bar-libs:${k.toLowerCase()}`]).sort(),
    );
    const unsigned = await koji.listTaggedRPMS('odcs-base', { rpmsigs: true, package: 'odcs-baz' });
    expect(unsigned.rpms.map((r) => r.sigkey)).toEqual([null, null]);
  });

  it('getBuild by NVR or id, null when missing', async () => {
    const build = await koji.getBuild('odcs-bar-2.0-1');
    expect(build).toMatchObject({
      name: 'odcs-bar',
      packageName: 'odcs-bar',
      version: '2.0',
      release: '1',
      epoch: 1,
      volumeName: 'DEFAULT',
    });
    expect(await koji.getBuild(build!.id)).toEqual(build);
    expect(await koji.getBuild('odcs-nope-1-1')).toBeNull();
  });

  it('getBuilds fetches several builds in one request and names every unknown one', async () => {
    const before = hub.rpcRequests;
    const builds = await koji.getBuilds(['odcs-foo-1.1-1', 'odcs-baz-0.1-1']);
    expect(builds.map((b) => b.nvr)).toEqual(['odcs-foo-1.1-1', 'odcs-baz-0.1-1']);
    expect(hub.rpcRequests - before).toBe(1);
    const failure = koji.getBuilds(['a-1-1', 'odcs-foo-1.0-1', 'b-2-2', 'not-an-nvr']);
    await expect(failure).rejects.toThrow(new KojiUnknownBuildsError(['a-1-1', 'b-2-2', 'not-an-nvr']));
    await expect(koji.getBuilds(['a-1-1', 'b-2-2'])).rejects.toThrow('Unknown Koji builds: a-1-1, b-2-2');
  });

  it('listRPMs lists a build, optionally by arch', async () => {
    const build = (await koji.getBuild('odcs-bar-2.0-1'))!;
    expect((await koji.listRPMs(build.id)).map((r) => r.nvra).sort()).toEqual(
      ['odcs-bar-2.0-1.i686', 'odcs-bar-2.0-1.src', 'odcs-bar-2.0-1.x86_64', 'odcs-bar-libs-2.0-1.x86_64'].sort(),
    );
    expect((await koji.listRPMs(build.id, ['src'])).map((r) => r.nvra)).toEqual(['odcs-bar-2.0-1.src']);
  });

  it('queryRPMSigs and its multiCall batch report lower-case keys', async () => {
    const foo = (await koji.listRPMs((await koji.getBuild('odcs-foo-1.0-1'))!.id, ['noarch']))[0]!;
    const baz = (await koji.listRPMs((await koji.getBuild('odcs-baz-0.1-1'))!.id, ['noarch']))[0]!;
    expect(await koji.queryRPMSigs(foo.id)).toEqual([{ rpmId: foo.id, sigkey: SIGKEY_A.toLowerCase(), sighash: expect.any(String) }]);
    const before = hub.rpcRequests;
    const batch = await koji.queryRPMSigsBatch([foo.id, baz.id, foo.id]);
    expect(hub.rpcRequests - before).toBe(1);
    expect([...batch.keys()]).toEqual([foo.id, baz.id]);
    expect(batch.get(foo.id)!.map((s) => s.sigkey)).toEqual([SIGKEY_A.toLowerCase()]);
    expect(batch.get(baz.id)).toEqual([]);
  });

  it('multicall returns values and faults per member, and splits big batches', async () => {
    const small = new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, multicallBatchSize: 2, retries: 0 });
    const before = hub.rpcRequests;
    const results = await small.multicall([
      { method: 'getTag', args: ['odcs-base'] },
      { method: 'getTag', args: ['nope'], kwargs: { strict: true } },
      { method: 'getLastEvent' },
    ]);
    expect(hub.rpcRequests - before).toBe(2);
    expect(results[0]).toMatchObject({ ok: true, value: { name: 'odcs-base' } });
    expect(results[1]).toMatchObject({ ok: false, fault: { faultCode: 1000, faultString: "No such tagInfo: 'nope'" } });
    expect(results[2]).toMatchObject({ ok: true, value: { id: hub.lastEvent() } });
  });
});
