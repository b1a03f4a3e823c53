import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeFiles, formatComposeDate } from '@odcs/pungi';
import { startEngineHarness, TARGET_DIR_URL, type EngineHarness } from '../../support/engine/engine-harness.js';
import { isRunning, PUNGI_KOJI_STANDIN } from '../../support/pungi/processes.js';

const TAG = { sourceType: 'tag' as const, source: ['f40-build'], arches: ['x86_64', 'aarch64'], packages: ['bash'] };

describe('Pungi engine with the pungi-koji stand-in', () => {
  const harnesses: EngineHarness[] = [];
  let h: EngineHarness;
  const start = async (config: Record<string, unknown> = {}) => {
    const harness = await startEngineHarness({
      fixture: { tags: [{ name: 'f40-build' }] },
      config: { compose_engine: 'pungi', pungi_koji: PUNGI_KOJI_STANDIN, ...config },
    });
    harnesses.push(harness);
    return harness;
  };
  beforeAll(async () => {
    h = await start();
  });
  afterEach(() => {
    delete process.env.PUNGI_STANDIN_MODE;
    delete process.env.PUNGI_STANDIN_DROP_PACKAGES;
    delete process.env.PUNGI_STANDIN_SLEEP;
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
  });

  it('runs Pungi with the §9.5 command line, then writes the .repo file and reads the compose id', async () => {
    const date = formatComposeDate(new Date());
    const run = await h.generate({ ...TAG, id: 77, kojiEvent: 1234 }, { onDefaultDir: true, takenIds: [`odcs-77-1-${date}.t.0`] });

    expect(run.result).toEqual({ ok: true, pungiComposeId: `odcs-77-1-${date}.t.1`, engine: 'pungi' });
    const argv = JSON.parse(await readFile(join(run.composeDir, 'standin-argv.json'), 'utf8')) as string[];
    expect(argv[0]).toMatch(/^--config=.*\/pungi\.conf$/);
    expect(argv.slice(1)).toEqual(['--no-latest-link', `--compose-dir=${run.composeDir}`, '--test', '--koji-event', '1234']);
    expect(existsSync(argv[0]!.slice('--config='.length))).toBe(false); // temp config dir removed
    const base = JSON.parse(await readFile(composeFiles.composeInfoBase(run.composeDir), 'utf8'));
    expect(base.payload.compose.id).toBe(`odcs-77-1-${date}.t.1`);
    expect(await readFile(join(run.composeDir, 'compose', 'Temporary', 'odcs-77.repo'), 'utf8')).toBe(
      '[odcs-77]\n' +
        'name=ODCS repository for compose odcs-77\n' +
        `baseurl=${TARGET_DIR_URL}/odcs-77/compose/Temporary/$basearch/os\n` +
        'type=rpm-md\nskip_if_unavailable=False\ngpgcheck=0\nrepo_gpgcheck=0\nenabled=1\nenabled_metadata=1\n',
    );
    expect(run.progress.map((p) => p.phase)).toEqual(['prepare', 'pungi', 'metadata']);
  });

  it('fails when requested packages are missing from rpms.json (§8.4 step 8)', async () => {
    process.env.PUNGI_STANDIN_DROP_PACKAGES = 'bash zsh';

    const run = await h.generate({ ...TAG, packages: ['bash', 'coreutils', 'zsh'] });

    expect(run.result).toEqual({
      ok: false,
      engine: 'pungi',
      reason: 'Error while generating compose: The following requested packages are not present in the generated compose: bash zsh.',
    });
  });

  it('fails with the command, its logs and the Pungi log errors, paths as URLs on the default target dir', async () => {
    process.env.PUNGI_STANDIN_MODE = 'fail';

    const run = await h.generate({ ...TAG, id: 78 }, { onDefaultDir: true });

    expect(run.result.ok).toBe(false);
    if (run.result.ok) return;
    const url = `${TARGET_DIR_URL}/odcs-78`;
    expect(run.result.reason).toMatch(/^Error while generating compose: Command '\[".*pungi-koji-standin\.mjs","--config=/);
    expect(run.result.reason).toContain(
      ` returned non-zero value 1, stdout log: ${url}/pungi-stdout.log, stderr log: ${url}/pungi-stderr.log\n` +
        `Compose run failed: pkgset phase failed in ${url}/work\n`,
    );
    expect(run.result.reason).not.toContain(h.targetDir);
    expect(existsSync(composeFiles.globalLog(run.composeDir))).toBe(true); // logs stay for the user
  });

  it('keeps target_dir paths in the reason off the default target dir', async () => {
    process.env.PUNGI_STANDIN_MODE = 'fail';

    const run = await h.generate(TAG);

    expect(run.result.ok).toBe(false);
    if (run.result.ok) return;
    expect(run.result.reason).toContain(`stdout log: ${run.composeDir}/pungi-stdout.log`);
  });

  it('cancels Pungi: the process group is killed and the compose dir removed', async () => {
    process.env.PUNGI_STANDIN_MODE = 'sleep';
    const abort = new AbortController();
    let pids: { pid: number; childPid: number } | null = null;
    const abortOnceRunning = async (composeDir: string): Promise<void> => {
      const file = join(composeDir, 'standin-pids.json');
      while (!existsSync(file)) await sleep(20);
      pids = JSON.parse(await readFile(file, 'utf8')) as { pid: number; childPid: number };
      abort.abort();
    };

    const run = await h.generate(
      { ...TAG, id: 79 },
      { signal: abort.signal, onProgress: (p) => void (p.phase === 'pungi' && abortOnceRunning(join(h.targetDir, 'odcs-79'))) },
    );

    expect(run.result).toEqual({ ok: false, reason: 'Canceled', engine: 'pungi' });
    expect(existsSync(run.composeDir)).toBe(false);
    expect(pids).not.toBeNull();
    expect(isRunning(pids!.pid)).toBe(false);
    expect(isRunning(pids!.childPid)).toBe(false);
  });

  it('fails after pungi_timeout with the timeout that applied', async () => {
    const slow = await start({ pungi_timeout: 1 });
    process.env.PUNGI_STANDIN_MODE = 'sleep';

    const run = await slow.generate(TAG);

    expect(run.result).toMatchObject({ ok: false, engine: 'pungi' });
    if (run.result.ok) return;
    expect(run.result.reason).toMatch(
      /^Error while generating compose: Compose has taken more time than allowed by configuration \(1 seconds\)/,
    );
  });
});
