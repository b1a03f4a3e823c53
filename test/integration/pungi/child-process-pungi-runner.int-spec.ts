import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChildProcessPungiRunner,
  ComposeInfoStore,
  PungiLogParser,
  type PungiRunRequest,
  buildPungiFiles,
  composeFiles,
  pungiRelease,
} from '@odcs/pungi';
import { aPungiComposeSpec } from '../../support/pungi/pungi-compose-spec.builder.js';
import { PUNGI_KOJI_STANDIN, errnoOf, isRunning } from '../../support/pungi/processes.js';

interface StandinPids {
  pid: number;
  pgid: number | null;
  childPid: number;
}

describe('ChildProcessPungiRunner with the pungi-koji stand-in', () => {
  let target: string;
  let composeDir: string;
  const store = new ComposeInfoStore();
  const runner = new ChildProcessPungiRunner(new PungiLogParser(), { killGraceSeconds: 5 });
  const spec = aPungiComposeSpec({ id: 7, arches: ['x86_64', 'aarch64'], packages: ['bash'], kojiEvent: 99 });

  beforeEach(async () => {
    target = await mkdtemp(join(tmpdir(), 'odcs-pungi-int-'));
    composeDir = await store.prepareComposeDir(target, spec.id);
  });
  afterEach(async () => {
    await rm(target, { recursive: true, force: true });
  });

  function request(overrides: Partial<PungiRunRequest> = {}, env: Record<string, string> = {}): PungiRunRequest {
    return {
      command: { pungiKoji: PUNGI_KOJI_STANDIN, composeDir, extraArgs: [], spec },
      files: { ...buildPungiFiles(spec, { kojiProfile: 'odcs', mbsUrl: 'http://mbs' }) },
      timeoutSeconds: 60,
      env: { PUNGI_STANDIN_MODE: 'success', ...env },
      ...overrides,
    };
  }

  async function waitForPids(): Promise<StandinPids> {
    const path = join(composeDir, 'standin-pids.json');
    await expect.poll(() => existsSync(path), { timeout: 15000 }).toBe(true);
    return JSON.parse(await readFile(path, 'utf8')) as StandinPids;
  }

  it('runs Pungi in a temp config dir and leaves the compose, logs and compose id behind', async () => {
    const base = await store.writeBase({
      composeDir,
      release: pungiRelease(spec.id),
      label: null,
      composeType: spec.composeType,
      now: new Date(),
      isIdTaken: () => Promise.resolve(false),
    });

    const result = await runner.run(request());

    expect(result.status).toBe('succeeded');
    expect(result.pid).toEqual(expect.any(Number));
    const received = JSON.parse(await readFile(join(composeDir, 'standin-argv.json'), 'utf8')) as string[];
    expect(received).toEqual(result.argv.slice(1));
    expect(result.argv).toContain(`--compose-dir=${composeDir}`);
    expect(result.argv.slice(-2)).toEqual(['--koji-event', '99']);
    const configPath = result.argv[1]?.replace('--config=', '') ?? '';
    expect(configPath.endsWith('/pungi.conf')).toBe(true);
    expect(existsSync(dirname(configPath))).toBe(false); // temp config dir removed

    expect(await readFile(composeFiles.status(composeDir), 'utf8')).toBe('FINISHED\n');
    expect(await store.readComposeId(composeDir)).toBe(base.pungiComposeId);
    for (const arch of ['x86_64', 'aarch64']) {
      expect(existsSync(join(composeDir, 'compose', 'Temporary', arch, 'os', 'repodata', 'repomd.xml'))).toBe(true);
    }
    const rpms = JSON.parse(await readFile(composeFiles.rpms(composeDir), 'utf8'));
    expect(Object.keys(rpms.payload.rpms.Temporary.x86_64)).toEqual(['bash-0:1.0-1.src']);
    expect(await readFile(result.stdoutLog, 'utf8')).toContain(`Compose dir: ${composeDir}`);
    expect(await readFile(result.stderrLog, 'utf8')).toContain('running phases');
  });

  it('fails with the command, its exit code, the log paths and the Pungi log errors', async () => {
    const result = await runner.run(request({}, { PUNGI_STANDIN_MODE: 'fail' }));

    expect(result.status).toBe('failed');
    if (result.status === 'succeeded') return;
    expect(result.exitCode).toBe(1);
    const message =
      `Command '${JSON.stringify(result.argv)}' returned non-zero value 1, ` +
      `stdout log: ${composeDir}/pungi-stdout.log, stderr log: ${composeDir}/pungi-stderr.log`;
    const errors = `Compose run failed: pkgset phase failed in ${composeDir}/work\nTraceback: RuntimeError: pkgset phase failed\n`;
    expect(result.pungiErrors).toBe(errors);
    expect(result.reason).toBe(`${message}\n${errors}`);
    expect(result.reason).not.toContain('Extended traceback');
  });

  it('rewrites target_dir to target_dir_url in the failure reason when asked to', async () => {
    const logRewrite = { targetDir: target, targetDirUrl: 'https://odcs.example.com/composes' };
    const result = await runner.run(request({ logRewrite }, { PUNGI_STANDIN_MODE: 'fail' }));

    expect(result.status).toBe('failed');
    if (result.status === 'succeeded') return;
    expect(result.reason).not.toContain(target);
    expect(result.reason).toContain('stdout log: https://odcs.example.com/composes/odcs-7/pungi-stdout.log');
    expect(result.reason).toContain('pkgset phase failed in https://odcs.example.com/composes/odcs-7/work');
  });

  it.each([
    ['an unknown option', { extraArgs: ['--bogus', '--also-bogus'] }, 'unrecognized arguments: --bogus --also-bogus'],
    ['a label not in Name-X.Y form', { label: 'Beta-1' }, 'Label in unknown format: Beta-1'],
    [
      'a missing --old-composes dir',
      { oldComposesDir: '/no/such/old-composes' },
      'The old composes directory does not exist or is not a directory: /no/such/old-composes',
    ],
  ])(
    "fails with exit 2 and Pungi's own error line in the reason when it refuses %s before its log exists",
    async (_case, change, error) => {
      const base = request();
      const command = {
        ...base.command,
        ...('extraArgs' in change ? { extraArgs: change.extraArgs } : {}),
        ...('label' in change ? { spec: { ...spec, label: change.label } } : {}),
        ...('oldComposesDir' in change ? { oldComposesDir: change.oldComposesDir } : {}),
      };
      const result = await runner.run({ ...base, command });

      expect(result.status).toBe('failed');
      if (result.status === 'succeeded') return;
      expect(result.exitCode).toBe(2);
      expect(existsSync(composeFiles.globalLog(composeDir))).toBe(false);
      const stderr = await readFile(result.stderrLog, 'utf8');
      expect(stderr).toMatch(/^usage: pungi-koji /);
      expect(result.pungiErrors).toBe(`pungi-koji: error: ${error}\n`);
      expect(result.reason).toBe(
        `Command '${JSON.stringify(result.argv)}' returned non-zero value 2, ` +
          `stdout log: ${result.stdoutLog}, stderr log: ${result.stderrLog}\npungi-koji: error: ${error}\n`,
      );
    },
  );

  it('accepts productmd labels', async () => {
    for (const label of ['RC-1.0', 'Beta-10.2', 'Update-1.12']) {
      const result = await runner.run(request({ command: { ...request().command, spec: { ...spec, label } } }));
      expect(result.status, label).toBe('succeeded');
    }
  });

  it('stops the whole process group on timeout and names the seconds that applied', async () => {
    const result = await runner.run(request({ timeoutSeconds: 3 }, { PUNGI_STANDIN_MODE: 'sleep' }));
    const pids = JSON.parse(await readFile(join(composeDir, 'standin-pids.json'), 'utf8')) as StandinPids;

    expect(result.status).toBe('timed-out');
    if (result.status === 'succeeded') return;
    expect(result.reason).toBe('Compose has taken more time than allowed by configuration (3 seconds)');
    expect(pids.pgid).toBe(result.pid);
    expect(errnoOf(() => process.kill(-(result.pid ?? 0), 0))).toBe('ESRCH');
    expect(errnoOf(() => process.kill(pids.childPid, 0))).toBe('ESRCH');
  });

  it('stops the whole process group when the abort signal fires', async () => {
    const abort = new AbortController();
    const running = runner.run(request({ signal: abort.signal }, { PUNGI_STANDIN_MODE: 'sleep' }));
    const pids = await waitForPids();
    abort.abort('Canceled by alice');
    const result = await running;

    expect(result.status).toBe('cancelled');
    if (result.status === 'succeeded') return;
    expect(result.reason).toBe('Pungi was cancelled: Canceled by alice');
    expect(result.pid).toBe(pids.pgid); // the watchdog leading the group
    expect(errnoOf(() => process.kill(-pids.pid, 0))).toBe('ESRCH');
    expect(errnoOf(() => process.kill(pids.childPid, 0))).toBe('ESRCH');
  });

  it('kills a group that ignores SIGTERM once the grace period is over', async () => {
    const impatient = new ChildProcessPungiRunner(new PungiLogParser(), { killGraceSeconds: 1 });
    const abort = new AbortController();
    const env = { PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_IGNORE_TERM: '1' };
    const running = impatient.run(request({ signal: abort.signal }, env));
    const pids = await waitForPids();
    abort.abort();
    const result = await running;

    expect(result.status).toBe('cancelled');
    expect(isRunning(pids.pid)).toBe(false);
    expect(isRunning(pids.childPid)).toBe(false);
  });

  it('does not start Pungi when the signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await runner.run(request({ signal: abort.signal }));

    expect(result).toMatchObject({ status: 'cancelled', pid: null, reason: 'Pungi was cancelled' });
    expect(existsSync(join(composeDir, 'standin-argv.json'))).toBe(false);
  });

  it('reports a missing pungi-koji by name instead of throwing', async () => {
    const missing = join(target, 'no-such-pungi-koji');
    const result = await runner.run(request({ command: { ...request().command, pungiKoji: missing } }));

    expect(result).toMatchObject({
      status: 'not-started',
      pid: null,
      reason: `Cannot run Pungi: command '${missing}' was not found (ENOENT)`,
    });
  });
});
