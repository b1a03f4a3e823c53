import { describe, expect, it } from 'vitest';
import { pungiComposeContent, rpmsJsonLocation } from './pungi-compose-content.js';

describe('rpmsJsonLocation', () => {
  it('is <variant_url>/../metadata/rpms.json, the variant being the last path component', () => {
    expect(rpmsJsonLocation('http://h/c/compose/Server/')).toEqual({ url: 'http://h/c/compose/metadata/rpms.json', variant: 'Server' });
    expect(rpmsJsonLocation('http://h/c/compose/Temporary')).toEqual({
      url: 'http://h/c/compose/metadata/rpms.json',
      variant: 'Temporary',
    });
  });
});

describe('pungiComposeContent', () => {
  const doc = (variant: object) => ({ payload: { rpms: { V: variant } } });

  it('keeps source NVRs without epoch, binary names, non-src arches; unsigned adds a trailing ""', () => {
    const content = pungiComposeContent(
      doc({
        x86_64: {
          'b-1:2.0-3.src': {
            'b-1:2.0-3.x86_64': { category: 'binary', sigkey: 'ffff' },
            'b-devel-1:2.0-3.x86_64': { category: 'binary', sigkey: null },
            'b-1:2.0-3.src': { category: 'source', sigkey: null },
          },
          'a-0:1-1.src': { 'a-debuginfo-0:1-1.x86_64': { category: 'debug', sigkey: 'aaaa' } },
        },
        src: { 'c-0:1-1.src': { 'c-0:1-1.src': { category: 'source', sigkey: null } } },
      }),
      'u',
      'V',
    );
    expect(content).toEqual({
      sigkeys: ['aaaa', 'ffff', ''],
      arches: ['x86_64'],
      builds: ['a-1-1', 'b-2.0-3'],
      packages: ['a-debuginfo', 'b', 'b-devel'],
    });
  });

  it('names the URL and the variant when the section is missing', () => {
    expect(() => pungiComposeContent(doc({}), 'http://x/rpms.json', 'W')).toThrow(
      'The http://x/rpms.json does not contain payload -> rpms -> W section',
    );
    expect(() => pungiComposeContent({}, 'u', 'V')).toThrow('does not contain payload -> rpms -> V section');
  });
});
