import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeFiles } from '../output/compose-layout.js';
import { PungiLogParser, extractPungiErrors, extractStderrErrors } from './pungi-log.parser.js';

const E = '2024-01-01 10:00:00 [ERROR   ] ';
const I = '2024-01-01 10:00:00 [INFO    ] ';

describe('extractPungiErrors', () => {
  it('returns an empty string when there is no error', () => {
    expect(extractPungiErrors(`${I}Compose started\n${I}Done\n`)).toBe('');
  });

  it('takes the text after the error mark, with its newline, plus the next non-error line', () => {
    const log = `${I}start\n${E}Failed to resolve deps\n  nothing provides foo\n${I}more\n`;
    expect(extractPungiErrors(log)).toBe('Failed to resolve deps\n  nothing provides foo\n');
  });

  it('keeps consecutive error lines as separate errors without continuation', () => {
    const log = `${E}first\n${E}second\ncontinuation\n${I}after\n`;
    expect(extractPungiErrors(log)).toBe('first\nsecond\ncontinuation\n');
  });

  it('appends only the single line following an error', () => {
    const log = `${E}boom\nline one\nline two\n`;
    expect(extractPungiErrors(log)).toBe('boom\nline one\n');
  });

  it('keeps an error on the last line of the log', () => {
    expect(extractPungiErrors(`${I}x\n${E}last words\n`)).toBe('last words\n');
    expect(extractPungiErrors(`${E}no newline at end`)).toBe('no newline at end');
  });

  it('drops errors starting with "Extended traceback in:"', () => {
    const log = `${E}Extended traceback in: /srv/odcs/odcs-1/logs/global/traceback.global.log\n${I}x\n${E}Real problem\n${I}y\n`;
    expect(extractPungiErrors(log)).toBe('Real problem\n' + `${I}y\n`);
  });

  it('cuts the errors at 2000 characters and says so', () => {
    const log = Array.from({ length: 50 }, (_, i) => `${E}${'x'.repeat(60)} error ${i}\n`).join('');
    const result = extractPungiErrors(log);
    expect(result).toHaveLength(2058);
    expect(result.endsWith(' ...\n Too many errors, see Pungi log for more information.')).toBe(true);
    expect(result.startsWith(`${'x'.repeat(60)} error 0\n`)).toBe(true);
  });

  it('counts characters, not UTF-16 units, when cutting', () => {
    const result = extractPungiErrors(`${E}${'😀'.repeat(2100)}\n`);
    expect(Array.from(result.slice(0, -58))).toHaveLength(2000);
    expect(result.slice(0, -58)).toBe('😀'.repeat(2000));
  });

  it('rewrites target_dir paths to target_dir_url', () => {
    const log = `${E}Missing /srv/odcs/odcs-1/compose and /srv/odcs/odcs-1/work\n${I}x\n`;
    expect(extractPungiErrors(log, { targetDir: '/srv/odcs', targetDirUrl: 'https://odcs.example.com/composes' })).toBe(
      'Missing https://odcs.example.com/composes/odcs-1/compose and https://odcs.example.com/composes/odcs-1/work\n' + `${I}x\n`,
    );
  });
});

describe('PungiLogParser', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('reads the errors from <composeDir>/logs/global/pungi.global.log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'odcs-pungi-log-'));
    dirs.push(dir);
    await mkdir(join(dir, 'logs', 'global'), { recursive: true });
    await writeFile(composeFiles.globalLog(dir), `${E}it broke\n${I}ok\n`);
    expect(await new PungiLogParser().readErrors(dir)).toBe(`it broke\n${I}ok\n`);
  });

  it('gives an empty string when the log does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'odcs-pungi-log-'));
    dirs.push(dir);
    expect(await new PungiLogParser().readErrors(dir)).toBe('');
    expect(await new PungiLogParser().readErrors(join(dir, 'no', 'such'))).toBe('');
  });

  it('readFailureErrors: the global log when it exists, else the error lines of the stderr log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'odcs-log-'));
    dirs.push(dir);
    await writeFile(composeFiles.stderrLog(dir), 'usage: pungi-koji ...\npungi-koji: error: unrecognized arguments: --x\n');
    expect(await new PungiLogParser().readFailureErrors(dir)).toBe('pungi-koji: error: unrecognized arguments: --x\n');
    await mkdir(join(dir, 'logs', 'global'), { recursive: true });
    await writeFile(composeFiles.globalLog(dir), `${I}started\n`);
    expect(await new PungiLogParser().readFailureErrors(dir)).toBe('');
    expect(await new PungiLogParser().readFailureErrors(join(dir, 'no', 'such'))).toBe('');
  });
});

describe('extractStderrErrors', () => {
  const usage = 'usage: pungi-koji [-h] (--target-dir PATH | --compose-dir PATH)\n                  [--label LABEL]\n';

  it("keeps only the error lines, argparse's and Pungi's own", () => {
    const stderr = `${usage}pungi-koji: error: Label in unknown format: foo\n`;
    expect(extractStderrErrors(stderr)).toBe('pungi-koji: error: Label in unknown format: foo\n');
    expect(extractStderrErrors('running phases\nERROR: Config validation failed\nWARNING: x\n')).toBe('ERROR: Config validation failed\n');
    expect(extractStderrErrors(`${usage}nothing wrong here\n`)).toBe('');
  });

  it('keeps the last error lines that fit into 2000 characters', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `pungi-koji: error: problem ${String(i).padStart(3, '0')} ${'x'.repeat(60)}`);
    const result = extractStderrErrors(`${lines.join('\n')}\n`);
    expect(result.length).toBeLessThanOrEqual(2000);
    expect(result.endsWith(`${lines[99]}\n`)).toBe(true);
    expect(result.startsWith('pungi-koji: error: problem ')).toBe(true);
    expect(result.length).toBeGreaterThan(2000 - 90);
  });

  it('cuts a single over-long error line and rewrites target_dir', () => {
    const long = `pungi-koji: error: ${'y'.repeat(3000)}`;
    expect(extractStderrErrors(long)).toBe(`${long.slice(0, 2000)} ...\n`);
    const rewrite = { targetDir: '/srv/odcs', targetDirUrl: 'https://odcs.example.com/composes' };
    expect(extractStderrErrors('pungi-koji: error: bad dir /srv/odcs/x\n', rewrite)).toBe(
      'pungi-koji: error: bad dir https://odcs.example.com/composes/x\n',
    );
  });
});
