import { describe, expect, it } from 'vitest';
import { aCompose } from '../testing/compose.builder.js';
import type { NewComposeProps } from './compose-props.js';
import { matchesForReuse, mayReuse } from './reuse-policy.js';

const pair = (a: Partial<NewComposeProps>, b: Partial<NewComposeProps> = a) =>
  [aCompose().withId(5).with(a).build().snapshot(), aCompose().withId(2).with(b).inState('done').build().snapshot()] as const;

describe('reuse policy (CONTRACT §6)', () => {
  it('never reuses for no_reuse, raw_config or pulp', () => {
    expect(mayReuse(aCompose().with({ flags: 64 }).build().snapshot())).toBe(false);
    expect(mayReuse(aCompose().with({ sourceType: 'raw_config' }).build().snapshot())).toBe(false);
    expect(mayReuse(aCompose().with({ sourceType: 'pulp' }).build().snapshot())).toBe(false);
    expect(mayReuse(aCompose().build().snapshot())).toBe(true);
  });

  it('compares list fields as sets', () => {
    const [c, old] = pair(
      { packages: 'a b', sigkeys: 'k1 k2', arches: 'x86_64 i686' },
      { packages: 'b a', sigkeys: 'k2 k1', arches: 'i686 x86_64' },
    );
    expect(matchesForReuse(c, old)).toBe(true);
    const [d, old2] = pair({ packages: 'a b' }, { packages: 'a' });
    expect(matchesForReuse(d, old2)).toBe(false);
    const [e, old3] = pair({ lookasideRepos: '' }, { lookasideRepos: null });
    expect(matchesForReuse(e, old3)).toBe(true);
  });

  it('compares sigkeys with their empty item (unsigned allowed), without order, duplicates or case', () => {
    const same = (a: string | null, b: string | null) => matchesForReuse(...pair({ sigkeys: a }, { sigkeys: b }));
    expect([same('k', 'k '), same('k ', 'k'), same('k', ' k')]).toEqual([false, false, false]);
    expect([same('k ', ' k'), same('k k', 'k'), same('K', 'k'), same('', null), same('a b', 'b a')]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it.each([
    [{ source: 'f41' }],
    [{ flags: 1 }],
    [{ results: 3 }],
    [{ multilibMethod: 2 }],
    [{ targetDir: '/srv/x' }],
    [{ respinOf: 'x' }],
    [{ moduleDefaultsUrl: 'u c' }],
  ])('needs %j to be equal', (diff) => {
    const [c, old] = pair(diff, {});
    expect(matchesForReuse(c, old)).toBe(false);
  });

  it('ignores owner, label and compose_type', () => {
    const [c, old] = pair({ owner: 'a', label: 'x', composeType: 'nightly' }, { owner: 'b', label: 'y', composeType: 'test' });
    expect(matchesForReuse(c, old)).toBe(true);
  });

  it('refuses a newer candidate event and needs equal events for non-tag types', () => {
    const [c, old] = pair({ kojiEvent: 10 }, { kojiEvent: 11 });
    expect(matchesForReuse(c, old)).toBe(false);
    const [b, oldb] = pair({ sourceType: 'build', kojiEvent: null }, { sourceType: 'build', kojiEvent: null });
    expect(matchesForReuse(b, oldb)).toBe(true);
    const [r, oldr] = pair({ sourceType: 'repo', kojiEvent: 3 }, { sourceType: 'repo', kojiEvent: 2 });
    expect(matchesForReuse(r, oldr)).toBe(false);
  });

  it('never chains: a candidate that reuses another is skipped', () => {
    const c = aCompose().withId(5).build().snapshot();
    const old = aCompose().withId(2).inState('done', { reusedId: 1 }).build().snapshot();
    expect(matchesForReuse(c, old)).toBe(false);
  });
});
