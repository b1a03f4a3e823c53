import { describe, expect, it } from 'vitest';
import { KojiPaths } from './koji.paths.js';

describe('KojiPaths (Koji pathinfo)', () => {
  const paths = new KojiPaths('https://kojipkgs.fedoraproject.org/');
  const build = { name: 'bash', version: '5.2.26', release: '3.fc40' };
  const rpm = { name: 'bash-doc', version: '5.2.26', release: '3.fc40', arch: 'noarch' };

  it('builds the build directory from the package name, version and release', () => {
    expect(paths.buildDirUrl(build)).toBe('https://kojipkgs.fedoraproject.org/packages/bash/5.2.26/3.fc40');
  });

  it('places an RPM under its arch with its NVRA file name', () => {
    expect(paths.rpmUrl(build, rpm)).toBe(
      'https://kojipkgs.fedoraproject.org/packages/bash/5.2.26/3.fc40/noarch/bash-doc-5.2.26-3.fc40.noarch.rpm',
    );
  });

  it('places signed copies under data/signed/<lower-case key>', () => {
    expect(paths.signedRpmUrl(build, rpm, 'A15B79CC')).toBe(
      'https://kojipkgs.fedoraproject.org/packages/bash/5.2.26/3.fc40/data/signed/a15b79cc/noarch/bash-doc-5.2.26-3.fc40.noarch.rpm',
    );
  });

  it('rpmUrlFor picks the signed copy for a key and the unsigned file for none', () => {
    expect(paths.rpmUrlFor(build, rpm, 'A15B79CC')).toBe(paths.signedRpmUrl(build, rpm, 'a15b79cc'));
    expect(paths.rpmUrlFor(build, rpm, '')).toBe(paths.rpmUrl(build, rpm));
    expect(paths.rpmUrlFor(build, rpm, null)).toBe(paths.rpmUrl(build, rpm));
  });

  it('uses vol/<name> for non-default volumes only', () => {
    expect(paths.buildDirUrl({ ...build, volumeName: 'DEFAULT' })).toBe('https://kojipkgs.fedoraproject.org/packages/bash/5.2.26/3.fc40');
    expect(paths.buildDirUrl({ ...build, volumeName: 'vol2' })).toBe(
      'https://kojipkgs.fedoraproject.org/vol/vol2/packages/bash/5.2.26/3.fc40',
    );
  });

  it('keeps characters RPM versions use (+, ~, ^) readable and escapes the rest', () => {
    expect(
      paths.rpmUrl(
        { name: 'gcc-c++', version: '1.0~rc1^git', release: '1' },
        { name: 'gcc-c++', version: '1.0~rc1^git', release: '1', arch: 'x86_64' },
      ),
    ).toBe('https://kojipkgs.fedoraproject.org/packages/gcc-c++/1.0~rc1^git/1/x86_64/gcc-c++-1.0~rc1^git-1.x86_64.rpm');
    expect(paths.buildDirUrl({ name: 'a b', version: '1', release: '1' })).toBe('https://kojipkgs.fedoraproject.org/packages/a%20b/1/1');
  });
});
