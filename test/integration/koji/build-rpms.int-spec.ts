import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRpm, buildRpms } from '../../support/rpms/build-rpms.js';

const run = promisify(execFile);

describe('buildRpms (test support)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'odcs-rpms-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds real binary and source RPMs whose headers match the request', async () => {
    const name = 'odcs-test-foo';
    const [noarch, x86, i686, sub, src] = await buildRpms([
      { name, version: '1.0', release: '1', arch: 'noarch', requires: ['odcs-bar >= 2'], provides: ['odcs-foo-cap = 1.0'] },
      { name, version: '1.0', release: '1', arch: 'x86_64', epoch: 2 },
      { name, version: '1.0', release: '1', arch: 'i686' },
      { name: `${name}-libs`, sourceName: name, version: '1.0', release: '1', arch: 'x86_64' },
      { name, version: '1.0', release: '1', arch: 'src' },
    ]);
    expect(noarch).toMatchObject({ name, arch: 'noarch', epoch: null, nvr: `${name}-1.0-1`, sourcerpm: `${name}-1.0-1.src.rpm` });
    expect(x86).toMatchObject({ arch: 'x86_64', epoch: 2, filename: `${name}-1.0-1.x86_64.rpm` });
    expect(i686).toMatchObject({ arch: 'i686' });
    expect(sub).toMatchObject({ name: `${name}-libs`, sourcerpm: `${name}-1.0-1.src.rpm` });
    expect(src).toMatchObject({ arch: 'src', sourcerpm: null, filename: `${name}-1.0-1.src.rpm` });

    const bytes = await readFile(noarch!.path);
    expect(noarch!.size).toBe(bytes.length);
    expect(noarch!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const { stdout } = await run('rpm', ['-qp', '--nosignature', '--requires', '--provides', noarch!.path]);
    expect(stdout).toContain('odcs-bar >= 2');
    expect(stdout).toContain('odcs-foo-cap = 1.0');
    const files = await run('rpm', ['-qpl', '--nosignature', x86!.path]);
    expect(files.stdout.trim()).toBe(`/usr/share/${name}/${name}.txt`);
  });

  it('reuses the cached build for an identical spec and copies into outDir', async () => {
    const spec = { name: 'odcs-test-cached', version: '3', release: '1', arch: 'noarch' };
    const first = await buildRpm(spec);
    const again = await buildRpm(spec, { outDir: dir });
    expect(again.path).toBe(join(dir, first.filename));
    expect(again.sha256).toBe(first.sha256);
    const changed = await buildRpm({ ...spec, files: [{ path: '/etc/odcs-cached.conf', content: 'x=1\n' }] });
    expect(changed.path).not.toBe(first.path);
    expect(changed.sha256).not.toBe(first.sha256);
  });

  it('rejects names rpmbuild cannot take, with the offending field', async () => {
    await expect(buildRpm({ name: 'bad name', version: '1', release: '1', arch: 'noarch' })).rejects.toThrow('RPM name "bad name"');
  });
});
