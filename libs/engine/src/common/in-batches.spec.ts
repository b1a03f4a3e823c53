import { describe, expect, it } from 'vitest';
import { inBatches } from './in-batches.js';

describe('inBatches', () => {
  it('steps through every item in order, letting other work run between batches', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    await inBatches([0, 1, 2, 3, 4, 5, 6], new AbortController().signal, (i) => order.push(String(i)), 4);
    expect(order).toEqual(['0', '1', '2', '3', 'other', '4', '5', '6']);
  });

  it('stops before the next batch once aborted', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const step = (i: number): void => {
      seen.push(i);
      if (i === 1) abort.abort(new Error('stop'));
    };
    await expect(inBatches([1, 2, 3, 4, 5], abort.signal, step, 2)).rejects.toThrow('stop');
    expect(seen).toEqual([1, 2]);
  });
});
