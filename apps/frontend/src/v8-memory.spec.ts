import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FRONTEND_SEMI_SPACE_MB, workerExecArgv } from './v8-memory.js';

describe('workerExecArgv', () => {
  it("adds the frontend's semi-space size to the primary's node options", () => {
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', `--max-semi-space-size=${FRONTEND_SEMI_SPACE_MB}`]);
  });

  it('keeps a semi-space size given on the command line or in NODE_OPTIONS', () => {
    expect(workerExecArgv(['--max-semi-space-size=16'])).toEqual(['--max-semi-space-size=16']);
    expect(workerExecArgv([], '--max_semi_space_size=2 --trace-warnings')).toEqual([]);
  });
});

/**
 * A process keeping 200,000 objects alive while it allocates garbage that lives long enough to be
 * promoted: its peak heap, with limitHeapGrowth(percent) applied in the running process first.
 */
function peakHeapMb(percent: number): number {
  const script = `
    const { limitHeapGrowth } = await import(${JSON.stringify(new URL('./v8-memory.ts', import.meta.url).href.replace('/src/', '/dist/').replace(/\.ts$/, '.js'))});
    limitHeapGrowth(${percent});
    const keep = [];
    for (let i = 0; i < 200000; i++) keep.push({ i, s: 'x' + i, a: [i] });
    let junk = [], peak = 0;
    for (let r = 0; r < 300; r++) {
      for (let i = 0; i < 20000; i++) junk.push({ i, s: 'y' + i });
      if (junk.length > 60000) junk = [];
      peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(peak / 1048576, keep.length);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.split(' ')[0]);
}

describe('limitHeapGrowth', () => {
  it('makes a running process collect its old generation before it doubles (needs npm run build)', () => {
    const v8Default = peakHeapMb(0);
    const limited = peakHeapMb(20);
    expect(limited).toBeLessThan(v8Default * 0.75);
  }, 30_000);
});
