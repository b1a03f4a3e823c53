import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KojiClient, KojiEventResolver, KojiUnknownTagError } from '@odcs/koji';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

describe('KojiEventResolver (CONTRACT §8.3, §6.3)', () => {
  let hub: KojiHub;
  let resolver: KojiEventResolver;
  beforeEach(async () => {
    hub = await startKojiHub((await sampleKojiWorld()).fixture);
    resolver = new KojiEventResolver(new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 0 }));
  });
  afterEach(async () => {
    await hub.close();
  });

  it("resolves an uncached tag to Koji's last event and caches it", async () => {
    const event = await resolver.resolveTagEvent('odcs-candidate');
    expect(event).toBe(hub.lastEvent());
    expect(resolver.cachedEvent('odcs-candidate')).toBe(event);
  });

  it('reuses the cached event while neither the tag nor its parents changed', async () => {
    const first = await resolver.resolveTagEvent('odcs-candidate');
    hub.advanceEvent(); // unrelated activity on the hub
    hub.advanceEvent();
    expect(await resolver.resolveTagEvent('odcs-candidate')).toBe(first);
    const checked = hub.calls.filter((c) => c.method === 'tagChangedSinceEvent').at(-1)!;
    expect(checked.params).toEqual([first, [3, 2, 1]]); // the tag and every inherited tag
  });

  it('moves to a new event after a build is tagged into a parent tag', async () => {
    const first = await resolver.resolveTagEvent('odcs-candidate');
    const tagged = hub.tagBuild('odcs-base', 'odcs-foo-1.1-1');
    hub.advanceEvent();
    const second = await resolver.resolveTagEvent('odcs-candidate');
    expect(second).toBe(hub.lastEvent());
    expect(second).toBeGreaterThanOrEqual(tagged);
    expect(second).not.toBe(first);
    expect(await resolver.resolveTagEvent('odcs-candidate')).toBe(second); // cached again
  });

  it('moves to a new event after an untag or an inheritance change', async () => {
    const first = await resolver.resolveTagEvent('odcs-updates');
    hub.untagBuild('odcs-updates', 'odcs-foo-1.1-1');
    const second = await resolver.resolveTagEvent('odcs-updates');
    expect(second).toBeGreaterThan(first);
    hub.addTag({ name: 'odcs-extra' });
    hub.setParents('odcs-updates', [{ name: 'odcs-base' }, { name: 'odcs-extra' }]);
    expect(await resolver.resolveTagEvent('odcs-updates')).toBe(hub.lastEvent());
  });

  it('keeps the cache per tag: a change in a child does not move its parent', async () => {
    const base = await resolver.resolveTagEvent('odcs-base');
    await resolver.resolveTagEvent('odcs-candidate');
    hub.tagBuild('odcs-candidate', 'odcs-foo-1.1-1');
    expect(await resolver.resolveTagEvent('odcs-base')).toBe(base);
    expect(await resolver.resolveTagEvent('odcs-candidate')).toBe(hub.lastEvent());
  });

  it('never overrides an explicit event and does not cache it', async () => {
    expect(await resolver.resolveTagEvent('odcs-base', 1001)).toBe(1001);
    expect(resolver.cachedEvent('odcs-base')).toBeUndefined();
    expect(hub.calls).toEqual([]);
  });

  it('fails an unknown tag with an actionable reason', async () => {
    const error = await resolver.resolveTagEvent('odcs-missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KojiUnknownTagError);
    expect((error as Error).message).toBe('Unknown Koji tag odcs-missing.');
    expect(resolver.cachedEvent('odcs-missing')).toBeUndefined();
  });

  it('fails with "Koji connection has failed: <fault>" when Koji answers a fault (§8.3)', async () => {
    hub.failNextRequests(1, 'generic-error');
    await expect(resolver.resolveTagEvent('odcs-base')).rejects.toThrow(/^Koji connection has failed: database is in maintenance$/);
    expect(resolver.cachedEvent('odcs-base')).toBeUndefined();
    expect(await resolver.resolveTagEvent('odcs-base')).toBe(hub.lastEvent());
  });

  it('isTagUnchangedSince checks the tag and every inherited tag', async () => {
    const event = hub.lastEvent();
    expect(await resolver.isTagUnchangedSince('odcs-candidate', event)).toBe(true);
    hub.tagBuild('odcs-base', 'odcs-foo-1.1-1');
    expect(await resolver.isTagUnchangedSince('odcs-candidate', event)).toBe(false);
    expect(await resolver.isTagUnchangedSince('odcs-candidate', hub.lastEvent())).toBe(true);
    await expect(resolver.isTagUnchangedSince('odcs-missing', event)).rejects.toThrow('Unknown Koji tag odcs-missing.');
  });
});
