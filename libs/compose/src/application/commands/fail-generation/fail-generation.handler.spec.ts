import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REASON_GENERATING } from '../../../domain/compose.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { RecordProgressCommand } from '../record-progress/record-progress.command.js';
import { ReuseComposeCommand } from '../reuse-compose/reuse-compose.command.js';
import { FailGenerationCommand } from './fail-generation.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe('FailGenerationHandler', () => {
  it('fails a generating compose with the reason, and the composes waiting on it with the same reason', async () => {
    const id = await t.generating();
    await t.commands.execute(new RecordProgressCommand(id, { reason: REASON_GENERATING }));
    const follower = await t.generating();
    await t.commands.execute(new ReuseComposeCommand(follower, id));
    t.clock.set(at(50));
    await t.commands.execute(new FailGenerationCommand(id, 'pungi-koji exited with 1', 'backend-a'));
    for (const c of [id, follower]) {
      expect(await t.get(c)).toMatchObject({ state: 'failed', stateReason: 'pungi-koji exited with 1', timeToExpire: at(1050) });
    }
  });

  it('leaves a compose alone when another backend holds it, or it is no longer generating', async () => {
    const id = await t.generating();
    await t.commands.execute(new FailGenerationCommand(id, 'late', 'backend-z'));
    expect((await t.get(id)).state).toBe('generating');
    const waiting = await t.create();
    await t.commands.execute(new FailGenerationCommand(waiting, 'not running'));
    expect((await t.get(waiting)).state).toBe('wait');
  });
});
