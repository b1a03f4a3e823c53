import { describe, expect, it } from 'vitest';
import type { PungiComposeSpec } from '@odcs/pungi';
import type { PackageCandidate } from './package-set/package-candidate.js';
import { aPungiComposeSpec } from '../../../../test/support/pungi/pungi-compose-spec.builder.js';
import { filterSelection, selectionPlan } from './selection-plan.js';

const spec = (overrides: Partial<PungiComposeSpec>): PungiComposeSpec => aPungiComposeSpec({ source: ['t'], ...overrides });

describe('selectionPlan', () => {
  it('needs the solver only for a closure, check_deps or multilib', () => {
    expect(selectionPlan(spec({})).needsSolver).toBe(false);
    expect(selectionPlan(spec({ packages: ['a'], flags: ['no_deps'] })).needsSolver).toBe(false);
    expect(selectionPlan(spec({ packages: ['a'] })).needsSolver).toBe(true);
    expect(selectionPlan(spec({ flags: ['check_deps'] })).needsSolver).toBe(true);
    expect(selectionPlan(spec({ multilibArches: ['x86_64'], multilibMethods: ['runtime'] })).needsSolver).toBe(true);
    expect(selectionPlan(spec({ multilibArches: ['x86_64'], multilibMethods: [] })).needsSolver).toBe(false);
  });

  it('filters by arch and requested names without the solver', () => {
    const c = (name: string, arch: string) => ({ name, arch, filename: `${name}.${arch}` }) as PackageCandidate;
    const plan = selectionPlan(spec({ packages: ['a', 'b'], flags: ['no_deps'] }));
    const picked = filterSelection(plan, plan.arches[0]!, [c('a', 'x86_64'), c('a', 'i686'), c('b', 'noarch'), c('c', 'x86_64')]);
    expect(picked.map((p) => p.filename)).toEqual(['a.x86_64', 'b.noarch']);
  });
});
