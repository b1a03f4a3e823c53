// Generates the benchmark's RPMs with rpmbuild: `builds` builds of `perBuild` subpackages each
// (half noarch, half x86_64), each carrying `kb` KiB of random (incompressible) data, cached under
// the OS temp dir. Returns Koji-like records.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function specFile(build, arch, perBuild, kb) {
  const subs = Array.from({ length: perBuild }, (_, i) => `${build}-p${i}`);
  return [
    `Name: ${build}`,
    'Version: 1.0',
    'Release: 1',
    'Summary: odcs engine benchmark package',
    'License: MIT',
    ...(arch === 'noarch' ? ['BuildArch: noarch'] : []),
    '%description',
    'Benchmark.',
    ...subs.flatMap((s, i) => [
      `%package -n ${s}`,
      'Summary: odcs engine benchmark subpackage',
      ...(i > 0 ? [`Requires: ${subs[i - 1]}`] : []),
      `%description -n ${s}`,
      'Benchmark.',
    ]),
    '%install',
    `mkdir -p %{buildroot}/usr/share/${build}`,
    ...subs.map((s) => `head -c ${kb * 1024} /dev/urandom > %{buildroot}/usr/share/${build}/${s}.bin`),
    ...subs.flatMap((s) => [`%files -n ${s}`, `/usr/share/${build}/${s}.bin`]),
    '',
  ].join('\n');
}

async function buildOne(dir, build, arch, perBuild, kb) {
  const work = join(dir, `.work-${build}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'b.spec'), specFile(build, arch, perBuild, kb));
  await run(
    'rpmbuild',
    [
      '-bb',
      '--nodeps',
      ...(arch === 'noarch' ? [] : ['--target', arch]),
      '--define',
      `_topdir ${join(work, 'top')}`,
      '--define',
      `_rpmdir ${join(dir, 'rpms')}`,
      '--define',
      '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm',
      '--define',
      'debug_package %{nil}',
      '--define',
      '__os_install_post %{nil}',
      '--define',
      '_binary_payload w1.gzdio',
      join(work, 'b.spec'),
    ],
    { env: { ...process.env, LC_ALL: 'C' } },
  );
  await rm(work, { recursive: true, force: true });
}

/** Builds (or reuses) the RPMs; returns { dir, rpms: [{ path, filename, name, version, release, arch, payloadhash, size, build }] }. */
export async function benchRpms({ builds, perBuild, kb }) {
  const dir = join(tmpdir(), `odcs-bench-rpms-${builds}x${perBuild}-${kb}k-v2`);
  const done = join(dir, 'rpms.json');
  if (existsSync(done)) return { dir, rpms: JSON.parse(await readFile(done, 'utf8')) };
  const partial = `${dir}.partial-${process.pid}`;
  await mkdir(join(partial, 'rpms'), { recursive: true });
  for (let b = 0; b < builds; b++) {
    const build = `bench-b${String(b).padStart(3, '0')}`;
    await buildOne(partial, build, b % 2 === 0 ? 'noarch' : 'x86_64', perBuild, kb);
    if (b % 10 === 9) process.stderr.write(`  built ${b + 1}/${builds} builds\n`);
  }
  const files = (await readdir(join(partial, 'rpms'), { recursive: true })).filter((f) => f.endsWith('.rpm'));
  const qf = '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SIGMD5}\\t%{SOURCERPM}\\n';
  const { stdout } = await run('rpm', ['-qp', '--nosignature', '--qf', qf, ...files.map((f) => join(partial, 'rpms', f))], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const rpms = [];
  const lines = stdout.trim().split('\n');
  for (let i = 0; i < files.length; i++) {
    const [name, version, release, arch, payloadhash, sourcerpm] = lines[i].split('\t');
    const filename = `${name}-${version}-${release}.${arch}.rpm`;
    const path = join(dir, 'rpms', files[i]);
    rpms.push({
      path,
      filename,
      name,
      version,
      release,
      arch,
      payloadhash,
      size: (await stat(join(partial, 'rpms', files[i]))).size,
      build: sourcerpm.replace(/-1\.0-1\.src\.rpm$/, ''),
    });
  }
  await writeFile(join(partial, 'rpms.json'), JSON.stringify(rpms));
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { dir, rpms };
}
