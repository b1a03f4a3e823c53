import { describe, expect, it } from 'vitest';
import { buildComposeInfoBase, pungiRelease } from '@odcs/pungi';
import type { PackageCandidate } from '../package-set/package-candidate.js';
import { composeInfoDocument, packageRelativePath, rpmsDocument } from './productmd.js';

const base = buildComposeInfoBase({ release: pungiRelease(5), label: null, composeType: 'test', date: '20240101', respin: 0 });

const pkg = (name: string, arch: string, sigkey: string | null = null): PackageCandidate => ({
  filename: `${name}-1.0-1.${arch}.rpm`,
  name,
  epoch: null,
  version: '1.0',
  release: '1',
  arch,
  sourceKey: `${name}-0:1.0-1.src`,
  origin: { kind: 'url', url: 'http://x' },
  sigkey,
  verify: {},
});

describe('productmd metadata of a built-in compose', () => {
  it('hashes package dirs by the lower-cased first letter', () => {
    expect(packageRelativePath('x86_64', 'Zsh-1-1.x86_64.rpm')).toBe('x86_64/os/Packages/z/Zsh-1-1.x86_64.rpm');
  });

  it('fills the Temporary variant of composeinfo.json', () => {
    const doc = composeInfoDocument(base, ['x86_64', 'aarch64']);
    expect(doc.payload.compose).toEqual({ id: 'odcs-5-1-20240101.t.0', type: 'test', date: '20240101', respin: 0 });
    expect(doc.payload.variants).toEqual({
      Temporary: {
        id: 'Temporary',
        uid: 'Temporary',
        name: 'Temporary',
        type: 'variant',
        arches: ['aarch64', 'x86_64'],
        paths: {
          os_tree: { x86_64: 'Temporary/x86_64/os', aarch64: 'Temporary/aarch64/os' },
          packages: { x86_64: 'Temporary/x86_64/os/Packages', aarch64: 'Temporary/aarch64/os/Packages' },
          repository: { x86_64: 'Temporary/x86_64/os', aarch64: 'Temporary/aarch64/os' },
        },
      },
    });
  });

  it('groups rpms.json entries by source RPM', () => {
    const doc = rpmsDocument(base, new Map([['x86_64', [pkg('bash', 'x86_64', 'abcd'), pkg('bash', 'noarch')]]]));
    expect(doc).toEqual({
      header: { type: 'productmd.rpms', version: '1.2' },
      payload: {
        compose: base.payload.compose,
        rpms: {
          Temporary: {
            x86_64: {
              'bash-0:1.0-1.src': {
                'bash-0:1.0-1.noarch': { category: 'binary', path: 'Temporary/x86_64/os/Packages/b/bash-1.0-1.noarch.rpm', sigkey: null },
                'bash-0:1.0-1.x86_64': { category: 'binary', path: 'Temporary/x86_64/os/Packages/b/bash-1.0-1.x86_64.rpm', sigkey: 'abcd' },
              },
            },
          },
        },
      },
    });
  });
});
