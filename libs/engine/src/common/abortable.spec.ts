import { describe, expect, it } from 'vitest';
import { abortable } from './abortable.js';

describe('abortable', () => {
  it('settles with the work when nothing aborts', async () => {
    await expect(abortable(Promise.resolve(4), new AbortController().signal)).resolves.toBe(4);
    await expect(abortable(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });

  it('rejects with the abort reason without waiting for the work', async () => {
    const abort = new AbortController();
    const pending = abortable(new Promise<never>(() => {}), abort.signal);
    abort.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(abortable(Promise.resolve(1), abort.signal)).rejects.toThrow('stop');
  });
});
