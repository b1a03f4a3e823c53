import { describe, expect, it } from 'vitest';
import { binaryRpmNames, missingPackagesMessage, nameOfNevra } from './requested-packages.js';

describe('requested packages check (§8.4 step 8)', () => {
  it('takes the name out of a NEVRA', () => {
    expect(nameOfNevra('bash-0:5.2-1.fc40.x86_64')).toBe('bash');
    expect(nameOfNevra('python3-foo-bar-1:2.0-3.noarch')).toBe('python3-foo-bar');
  });

  it('lists binary names of rpms.json, skipping source RPMs', () => {
    const doc = {
      payload: {
        rpms: {
          Temporary: {
            x86_64: {
              'bash-0:5.2-1.src': {
                'bash-0:5.2-1.src': { category: 'source' },
                'bash-0:5.2-1.x86_64': { category: 'binary' },
                'bash-doc-0:5.2-1.noarch': { category: 'binary' },
              },
            },
          },
        },
      },
    };
    expect([...binaryRpmNames(doc)].sort()).toEqual(['bash', 'bash-doc']);
    expect(binaryRpmNames({}).size).toBe(0);
  });

  it('names the missing packages in request order, space separated', () => {
    expect(missingPackagesMessage(['a', 'b', 'c'], new Set(['b']))).toBe(
      'The following requested packages are not present in the generated compose: a c.',
    );
    expect(missingPackagesMessage(['b'], new Set(['b']))).toBeNull();
  });
});
