import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnWatched } from '@odcs/pungi';
import { ProcessRunner } from '../../../libs/engine/src/common/process-runner.js';
import { isRunning } from '../../support/pungi/processes.js';

/** The built ProcessRunner, for a plain node process. */
const PROCESS_RUNNER = pathToFileURL('libs/engine/dist/common/process-runner.js').href;

/** A command that starts a child, prints both pids on stderr, then waits for it. */
const SLEEPER = `#!/bin/sh
sleep 300 &
echo "$$ $!" >&2
wait
`;

describe('engine processes under the watchdog', () => {
  let dir: string;
  let sleeper: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'odcs-watchdog-'));
    sleeper = join(dir, 'sleeper');
    await writeFile(sleeper, SLEEPER);
    await chmod(sleeper, 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'spawnWatched (pungi-koji)',
      `const r = await (await import('@odcs/pungi')).spawnWatched([cmd], { env: process.env, stdout: 'ignore', stderr: 'pipe' });
       r.child.stderr.pipe(process.stdout);`,
    ],
    [
      'ProcessRunner (createrepo_c, the solver)',
      `void new (await import(PROCESS_RUNNER)).ProcessRunner().run({ argv: [cmd], onStderrLine: (l) => process.stdout.write(l + '\\n') });`,
    ],
  ])('%s: the command and its children die within seconds of a SIGKILL of the process that started them', async (_name, start) => {
    // The "backend": a process that starts the command and never stops it.
    const backend = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const cmd = ${JSON.stringify(sleeper)}; const PROCESS_RUNNER = ${JSON.stringify(PROCESS_RUNNER)}; ${start} setInterval(() => {}, 1000);`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    backend.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const pids = await (async () => {
      const until = Date.now() + 15_000;
      while (!/^\d+ \d+\n/.test(output) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return output.trim().split(' ').map(Number);
    })();
    if (pids.length !== 2) backend.kill('SIGKILL');
    expect(pids).toHaveLength(2);
    expect(pids.every(isRunning)).toBe(true);

    backend.kill('SIGKILL');
    await once(backend, 'exit');
    await expect.poll(() => pids.some(isRunning), { timeout: 10_000, interval: 100 }).toBe(false);
  });

  it('leaves with the exit code of the command, and refuses a missing or non-executable command without starting it', async () => {
    const script = join(dir, 'exit3');
    await writeFile(script, '#!/bin/sh\necho out; echo err >&2; exit 3\n');
    await chmod(script, 0o755);
    const run = await new ProcessRunner().run({ argv: [script] });
    expect(run).toEqual({ kind: 'exit', code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });

    const missing = await spawnWatched([join(dir, 'nope')], { env: process.env, stdout: 'ignore', stderr: 'ignore' });
    expect(missing.kind === 'error' && missing.error.code).toBe('ENOENT');
    const onPath = await spawnWatched(['odcs-no-such-command'], { env: process.env, stdout: 'ignore', stderr: 'ignore' });
    expect(onPath.kind === 'error' && onPath.error.code).toBe('ENOENT');
    await chmod(script, 0o644);
    const notExecutable = await spawnWatched([script], { env: process.env, stdout: 'ignore', stderr: 'ignore' });
    expect(notExecutable.kind === 'error' && notExecutable.error.code).toBe('EACCES');
  });

  it('ends with the signal that ended the command', async () => {
    const started = await spawnWatched(['sh', '-c', 'kill -TERM $$'], { env: process.env, stdout: 'ignore', stderr: 'ignore' });
    expect(started.kind).toBe('started');
    if (started.kind !== 'started') return;
    const [code, signal] = (await once(started.child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });
});

describe('the watchdog shell', () => {
  async function runWatched(
    argv: string[],
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    const started = await spawnWatched(argv, { env: process.env, stdout: 'pipe', stderr: 'pipe' });
    if (started.kind !== 'started') throw started.error;
    let stdout = '';
    let stderr = '';
    started.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    started.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code, signal] = (await once(started.child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout, stderr };
  }

  it('adds nothing to the output of a command that dies of a signal', async () => {
    expect(await runWatched(['sh', '-c', 'echo before >&2; kill -SEGV $$'])).toEqual({
      code: null,
      signal: 'SIGSEGV',
      stdout: '',
      stderr: 'before\n',
    });
  });

  it('gives the command /dev/null as stdin, no other descriptor of its own, and default signal dispositions', async () => {
    const run = await runWatched(['sh', '-c', 'cat; ls /proc/$$/fd; grep ^SigIgn /proc/$$/status']);
    expect(run.code).toBe(0);
    // the command's fds 0-2; none of the watchdog's (the pipe, the saved stderr)
    expect(run.stdout.split('\n').filter((fd) => /^\d+$/.test(fd) && Number(fd) <= 9)).toEqual(['0', '1', '2']);
    expect(run.stdout).toMatch(/^SigIgn:\s+0+$/m);
  });

  it('runs a program named like a shell builtin from PATH, and reports exit codes that are no signal as such', async () => {
    const echo = await runWatched(['echo', '-e', 'a\\tb']);
    expect(echo).toEqual({ code: 0, signal: null, stdout: 'a\tb\n', stderr: '' });
    expect(await runWatched(['sh', '-c', 'exit 200'])).toMatchObject({ code: 200, signal: null });
  });
});
