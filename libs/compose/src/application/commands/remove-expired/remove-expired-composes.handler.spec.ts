import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { ReuseComposeCommand } from '../reuse-compose/reuse-compose.command.js';
import { RemoveExpiredComposesCommand } from './remove-expired-composes.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const sweep = (limit = 10, protectedIds: number[] = [], unavailable: (string | null)[] = [], onlyIds?: number[]) =>
  t.commands.execute(new RemoveExpiredComposesCommand(limit, protectedIds, unavailable, onlyIds));
const ids = (removed: { id: number }[] | null) => removed?.map((c) => c.id);

describe('RemoveExpiredComposesHandler', () => {
  it('removes done and failed composes whose time to live is over, and returns them', async () => {
    const done = await t.done();
    const failed = await t.failed('broken');
    const waiting = await t.create();
    t.clock.set(at(999));
    expect(await sweep()).toEqual([]);
    t.clock.set(at(1001));
    expect(ids(await sweep())).toEqual([done, failed]);
    expect(await t.get(done)).toMatchObject({
      state: 'removed',
      stateReason: 'Compose is generated successfully\nCompose is expired.',
      timeRemoved: at(1001),
    });
    expect((await t.get(failed)).stateReason).toBe('broken\nCompose is expired.');
    expect((await t.get(waiting)).state).toBe('wait');
    expect(await sweep()).toEqual([]);
  });

  it('keeps protected composes, composes on unavailable target dirs, and composes a live compose reuses', async () => {
    const linked = await t.done();
    const elsewhere = await t.done({ targetDir: '/mnt/elsewhere' });
    const reused = await t.done();
    const reuser = await t.generating();
    await t.commands.execute(new ReuseComposeCommand(reuser, reused)); // done at once, expires with it
    t.clock.set(at(900));
    const plain = await t.done({}); // created at 900: expires at 1900
    t.clock.set(at(1001));
    expect(ids(await sweep(10, [linked], ['/mnt/elsewhere']))).toEqual([reuser]);
    expect(ids(await sweep(10, [linked], ['/mnt/elsewhere']))).toEqual([reused]); // its reuser is gone now
    expect((await t.get(elsewhere)).state).toBe('done');
    expect((await t.get(plain)).state).toBe('done');
  });

  it('removes at most `limit` composes, and only the named ones when asked', async () => {
    const [a, b, c] = [await t.done(), await t.done(), await t.done()];
    t.clock.set(at(1001));
    expect(ids(await sweep(10, [], [], [b]))).toEqual([b]);
    expect(ids(await sweep(1))).toEqual([a]);
    expect(ids(await sweep())).toEqual([c]);
  });
});
