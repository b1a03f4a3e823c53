import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KojiClient } from '@odcs/koji';
import type { BuiltRpm } from '../../support/rpms/build-rpms.js';
import { SIGKEY_A, SIGKEY_B, sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

async function sha256Of(url: string): Promise<{ status: number; sha256: string; length: number | null }> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  const length = res.headers.get('content-length');
  return { status: res.status, sha256: createHash('sha256').update(body).digest('hex'), length: length === null ? null : Number(length) };
}

describe('RPM download URLs built from Koji pathinfo', () => {
  let hub: KojiHub;
  let koji: KojiClient;
  let rpms: Map<string, BuiltRpm>;
  beforeAll(async () => {
    const world = await sampleKojiWorld();
    rpms = world.rpms;
    hub = await startKojiHub(world.fixture);
    koji = new KojiClient({ hubUrl: hub.hubUrl, topUrl: `${hub.topUrl}/`, retries: 0 });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('follows Koji pathinfo for build dirs, RPMs and signed copies', () => {
    const build = { name: 'odcs-bar', version: '2.0', release: '1' };
    const rpm = { name: 'odcs-bar-libs', version: '2.0', release: '1', arch: 'x86_64' };
    expect(koji.paths.buildDirUrl(build)).toBe(`${hub.topUrl}/packages/odcs-bar/2.0/1`);
    expect(koji.paths.rpmUrl(build, rpm)).toBe(`${hub.topUrl}/packages/odcs-bar/2.0/1/x86_64/odcs-bar-libs-2.0-1.x86_64.rpm`);
    expect(koji.paths.signedRpmUrl(build, rpm, 'ABCD1234')).toBe(
      `${hub.topUrl}/packages/odcs-bar/2.0/1/data/signed/abcd1234/x86_64/odcs-bar-libs-2.0-1.x86_64.rpm`,
    );
  });

  it('every tagged RPM downloads byte-identical to the RPM that was built', async () => {
    const { rpms: tagged, builds } = await koji.listTaggedRPMS('odcs-candidate', { inherit: true });
    const byId = new Map(builds.map((b) => [b.id, b]));
    expect(tagged.length).toBe(rpms.size);
    for (const rpm of tagged) {
      const built = rpms.get(`${rpm.nvra}.rpm`)!;
      const got = await sha256Of(koji.paths.rpmUrl(byId.get(rpm.buildId)!, rpm));
      expect({ nvra: rpm.nvra, ...got }).toEqual({ nvra: rpm.nvra, status: 200, sha256: built.sha256, length: built.size });
      expect(rpm.size).toBe(built.size);
    }
  });

  it('signed copies exist exactly for the keys Koji reports', async () => {
    const { rpms: tagged, builds } = await koji.listTaggedRPMS('odcs-base', { latest: true });
    const byId = new Map(builds.map((b) => [b.id, b]));
    const sigs = await koji.queryRPMSigsBatch(tagged.map((r) => r.id));
    for (const rpm of tagged) {
      const build = byId.get(rpm.buildId)!;
      const keys = sigs.get(rpm.id)!.map((s) => s.sigkey);
      for (const key of [SIGKEY_A, SIGKEY_B]) {
        const { status, sha256 } = await sha256Of(koji.paths.signedRpmUrl(build, rpm, key));
        if (keys.includes(key.toLowerCase())) {
          expect({ nvra: rpm.nvra, key, status, sha256 }).toEqual({
            nvra: rpm.nvra,
            key,
            status: 200,
            sha256: rpms.get(`${rpm.nvra}.rpm`)!.sha256,
          });
        } else {
          expect({ nvra: rpm.nvra, key, status }).toEqual({ nvra: rpm.nvra, key, status: 404 });
        }
      }
    }
    expect(
      sigs
        .get(tagged.find((r) => r.nvra === 'odcs-bar-2.0-1.x86_64')!.id)!
        .map((s) => s.sigkey)
        .sort(),
    ).toEqual([SIGKEY_A, SIGKEY_B].map((k) => k.toLowerCase()).sort());
  });

  it('puts builds on a non-default volume under vol/<name>/', () => {
    expect(koji.paths.buildDirUrl({ name: 'x', version: '1', release: '2', volumeName: 'archive' })).toBe(
      `${hub.topUrl}/vol/archive/packages/x/1/2`,
    );
  });
});
