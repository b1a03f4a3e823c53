import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService, waitForState } from '../../support/service.js';

let hub: KojiHub;
let t: TestApp;

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  t = await startService({
    config: { koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, compose_engine: 'pungi', pungi_koji: pungiStandin().command },
  });
});
afterAll(async () => {
  await t.close();
  await hub.close();
});

type Part = { source?: Record<string, unknown>; [key: string]: unknown };
let caseNo = 0;

/** Generates `first`, then `second`, and answers whether `second` reused `first`. */
async function reuses(first: Part, second: Part): Promise<boolean> {
  // Each case has its own lookaside repo, so that no earlier case's compose is a candidate.
  const isolate = `http://case-${++caseNo}.test/repo`;
  const body = (p: Part) => ({
    lookaside_repos: [isolate],
    ...p,
    source: { type: 'tag', source: 'odcs-updates', ...p.source },
  });
  const make = async (p: Part) => {
    const created = await t.request('POST', '/api/1/composes/', body(p));
    expect(created.status).toBe(200);
    return waitForState(t, created.body.id, ['done', 'failed']);
  };
  const a = await make(first);
  expect(a.state_name).toBe('done');
  const b = await make(second);
  expect(b.state_name).toBe('done');
  return b.reused_id === a.id;
}

const sig = (sigkeys: string[]) => ({ source: { sigkeys } });

describe('reuse compares each attribute as CONTRACT §6.3 says (empty items, order, duplicates, case)', () => {
  it.each([
    ['sigkeys [K] after [K, ""] (unsigned allowed)', false, sig(['abcd1234', '']), sig(['abcd1234'])],
    ['sigkeys [K, ""] after [K]', false, sig(['abcd1234']), sig(['abcd1234', ''])],
    ['sigkeys ["", K] after [K, ""]', true, sig(['abcd1234', '']), sig(['', 'abcd1234'])],
    ['sigkeys [K2, K1] after [K1, K2]', true, sig(['abcd1234', 'ef567890']), sig(['ef567890', 'abcd1234'])],
    ['sigkeys [K, K] after [K]', true, sig(['abcd1234']), sig(['abcd1234', 'abcd1234'])],
    ['sigkeys [K] after [K1, K2]', false, sig(['abcd1234', 'ef567890']), sig(['abcd1234'])],
    ['sigkeys in upper case after lower case (keys are hex ids)', true, sig(['abcd1234']), sig(['ABCD1234'])],
    ['sigkeys [""] after [] (both: no signature needed)', true, sig([]), sig([''])],
    ['packages in another order, duplicated', true, { source: { packages: ['a', 'b'] } }, { source: { packages: ['b', 'a', 'b'] } }],
    ['packages of another case', false, { source: { packages: ['Foo'] } }, { source: { packages: ['foo'] } }],
    ['packages, one more', false, { source: { packages: ['a'] } }, { source: { packages: ['a', 'b'] } }],
    ['builds in another order', true, { source: { builds: ['x-1-1', 'y-1-1'] } }, { source: { builds: ['y-1-1', 'x-1-1'] } }],
    ['builds, one fewer', false, { source: { builds: ['x-1-1', 'y-1-1'] } }, { source: { builds: ['y-1-1'] } }],
    ['arches in another order', true, { arches: ['x86_64', 'i686'] }, { arches: ['i686', 'x86_64', 'i686'] }],
    ['arches, one fewer', false, { arches: ['x86_64', 'i686'] }, { arches: ['x86_64'] }],
    ['flags in another order', true, { flags: ['no_deps', 'no_inheritance'] }, { flags: ['no_inheritance', 'no_deps'] }],
    ['flags, one fewer', false, { flags: ['no_deps', 'no_inheritance'] }, { flags: ['no_deps'] }],
    ['results in another order', true, { results: ['iso', 'boot.iso'] }, { results: ['boot.iso', 'iso'] }],
    ['results, one fewer', false, { results: ['iso', 'boot.iso'] }, { results: ['iso'] }],
    ['multilib_method in another order', true, { multilib_method: ['runtime', 'devel'] }, { multilib_method: ['devel', 'runtime'] }],
    ['multilib_method, one fewer', false, { multilib_method: ['runtime', 'devel'] }, { multilib_method: ['devel'] }],
    ['multilib_arches in another order', true, { multilib_arches: ['i686', 'x86_64'] }, { multilib_arches: ['x86_64', 'i686'] }],
    ['multilib_arches, one fewer', false, { multilib_arches: ['i686', 'x86_64'] }, { multilib_arches: ['i686'] }],
    ['label and compose_type differ (not compared)', true, { label: 'Alpha-1.0' }, { compose_type: 'nightly' }],
  ])('%s: reused = %s', async (_name, expected, first, second) => {
    expect(await reuses(first as Part, second as Part)).toBe(expected);
  });

  it('lookaside_repos: another order is the same, one fewer is not', async () => {
    const two = { lookaside_repos: ['http://l1.test/', 'http://l2.test/'] };
    expect(
      await reuses(
        { ...two, source: { packages: ['l-a'] } },
        { lookaside_repos: ['http://l2.test/', 'http://l1.test/'], source: { packages: ['l-a'] } },
      ),
    ).toBe(true);
    expect(
      await reuses({ ...two, source: { packages: ['l-b'] } }, { lookaside_repos: ['http://l2.test/'], source: { packages: ['l-b'] } }),
    ).toBe(false);
  });
});
