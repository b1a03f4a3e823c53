import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { allOrFirstError } from './all-or-first-error.js';

/** A task that ends after `ms`, or rejects with the abort reason when stopped first. */
async function task(ms: number, stop: AbortSignal, log: string[], name: string): Promise<void> {
  try {
    await sleep(ms, undefined, { signal: stop });
    log.push(`${name} done`);
  } catch (error) {
    log.push(`${name} stopped`);
    throw error;
  }
}

describe('allOrFirstError', () => {
  it('waits for every task', async () => {
    const log: string[] = [];
    await allOrFirstError(new AbortController().signal, (stop) => [task(20, stop, log, 'a'), task(1, stop, log, 'b')]);
    expect(log).toEqual(['b done', 'a done']);
  });

  it('throws the first failure after stopping and awaiting the others', async () => {
    const log: string[] = [];
    const run = allOrFirstError(new AbortController().signal, (stop) => [
      task(10_000, stop, log, 'slow'),
      sleep(5).then(() => Promise.reject(new Error('createrepo_c failed'))),
      sleep(10).then(() => {
        log.push('metadata written');
      }),
    ]);
    await expect(run).rejects.toThrow('createrepo_c failed');
    expect(log.sort()).toEqual(['metadata written', 'slow stopped']);
  });

  it('throws the abort reason when the caller aborts', async () => {
    const abort = new AbortController();
    const log: string[] = [];
    const run = allOrFirstError(abort.signal, (stop) => [task(10_000, stop, log, 'a')]);
    abort.abort(new Error('Canceled by the caller'));
    await expect(run).rejects.toThrow('Canceled by the caller');
    expect(log).toEqual(['a stopped']);
  });
});
