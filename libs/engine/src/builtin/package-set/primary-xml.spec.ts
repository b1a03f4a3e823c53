import { describe, expect, it } from 'vitest';
import { parsePrimaryXml, parseSourceRpmName, primaryHref } from './primary-xml.js';

const REPOMD = `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>1700000000</revision>
  <data type="filelists"><location href="repodata/abc-filelists.xml.gz"/></data>
  <data type="primary">
    <checksum type="sha256">123</checksum>
    <location href="repodata/def-primary.xml.gz"/>
  </data>
</repomd>`;

const PRIMARY = `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="2">
<package type="rpm">
  <name>odcs-bar</name>
  <arch>x86_64</arch>
  <version epoch="1" ver="2.0" rel="1"/>
  <checksum type="sha256" pkgid="YES">ABCDEF</checksum>
  <size package="6194" installed="30" archive="400"/>
  <location href="Packages/o/odcs-bar-2.0-1.x86_64.rpm"/>
  <format><rpm:sourcerpm>odcs-bar-2.0-1.src.rpm</rpm:sourcerpm></format>
</package>
<package type="rpm">
  <name>a&amp;b</name>
  <arch>src</arch>
  <version epoch="0" ver="1" rel="1"/>
  <location href="a.src.rpm"/>
</package>
</metadata>`;

describe('repository metadata', () => {
  it('finds the primary metadata in repomd.xml', () => {
    expect(primaryHref(REPOMD)).toBe('repodata/def-primary.xml.gz');
    expect(primaryHref('<repomd/>')).toBeNull();
  });

  it('reads the binary packages of primary.xml', () => {
    expect(parsePrimaryXml(PRIMARY)).toEqual([
      {
        name: 'odcs-bar',
        arch: 'x86_64',
        epoch: 1,
        version: '2.0',
        release: '1',
        checksumType: 'sha256',
        checksum: 'abcdef',
        size: 6194,
        href: 'Packages/o/odcs-bar-2.0-1.x86_64.rpm',
        sourcerpm: 'odcs-bar-2.0-1.src.rpm',
      },
    ]);
  });

  it('splits source RPM file names', () => {
    expect(parseSourceRpmName('python-foo-bar-1.2.3-4.fc40.src.rpm')).toEqual({
      name: 'python-foo-bar',
      version: '1.2.3',
      release: '4.fc40',
    });
    expect(parseSourceRpmName('nonsense')).toBeNull();
  });
});
