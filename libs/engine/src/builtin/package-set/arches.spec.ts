import { describe, expect, it } from 'vitest';
import { archPlan, belongsTo, packageSetArches } from './arches.js';
import { newestPerNameArch } from './package-set.js';
import type { PackageCandidate } from './package-candidate.js';

describe('arch plans', () => {
  it('gives a multilib arch its compatible arches only when asked', () => {
    expect(archPlan('x86_64', [])).toEqual({ arch: 'x86_64', native: ['x86_64'], multilib: [] });
    expect(archPlan('x86_64', ['x86_64']).multilib).toEqual(['i686', 'i586', 'i486', 'i386']);
    expect(archPlan('aarch64', ['aarch64']).multilib).toEqual([]);
    expect(archPlan('riscv64', []).native).toEqual(['riscv64']);
  });

  it('puts noarch into every arch and asks Koji for each arch once', () => {
    const plans = [archPlan('x86_64', ['x86_64']), archPlan('i686', [])];
    expect(packageSetArches(plans)).toEqual(['x86_64', 'i686', 'i586', 'i486', 'i386', 'noarch']);
    expect(belongsTo(plans[1]!, 'noarch')).toBe(true);
    expect(belongsTo(archPlan('x86_64', []), 'i686')).toBe(false);
    expect(belongsTo(archPlan('x86_64', []), 'src')).toBe(false);
  });
});

describe('newestPerNameArch', () => {
  const c = (name: string, version: string, arch = 'noarch'): PackageCandidate => ({
    filename: `${name}-${version}-1.${arch}.rpm`,
    name,
    epoch: null,
    version,
    release: '1',
    arch,
    sourceKey: `${name}-0:${version}-1.src`,
    origin: { kind: 'file', path: '/x' },
    sigkey: null,
    verify: {},
  });

  it('keeps the newest version of each name and arch', () => {
    const kept = newestPerNameArch([c('a', '1.10'), c('a', '1.9'), c('a', '1.2', 'x86_64'), c('b', '2')]);
    expect(kept.map((k) => k.filename).sort()).toEqual(['a-1.10-1.noarch.rpm', 'a-1.2-1.x86_64.rpm', 'b-2-1.noarch.rpm']);
  });
});
