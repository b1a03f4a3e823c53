import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeNotRenewableError } from '../../../domain/compose.errors.js';
import { REASON_GENERATING } from '../../../domain/compose.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { CompleteGenerationCommand } from '../complete-generation/complete-generation.command.js';
import { RecordProgressCommand } from '../record-progress/record-progress.command.js';
import { ReuseComposeCommand } from '../reuse-compose/reuse-compose.command.js';
import { ExtendTtlCommand } from './extend-ttl.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const extend = (id: number, ttl: number) => t.commands.execute(new ExtendTtlCommand(id, ttl));

describe('ExtendTtlHandler', () => {
  it('moves the expiry of a done compose to now + ttl, never earlier', async () => {
    const id = await t.done(); // expires at 1000
    t.clock.set(at(100));
    expect((await extend(id, 200)).timeToExpire).toEqual(at(1000));
    expect((await extend(id, 2000)).timeToExpire).toEqual(at(2100));
    expect((await t.get(id)).timeToExpire).toEqual(at(2100));
  });

  it('extends the composes reusing it, and the compose it reuses', async () => {
    const older = await t.generating();
    await t.commands.execute(new RecordProgressCommand(older, { reason: REASON_GENERATING }));
    const reusers = [await t.generating(), await t.generating()];
    for (const id of reusers) await t.commands.execute(new ReuseComposeCommand(id, older));
    await t.commands.execute(new CompleteGenerationCommand(older, null, 'backend-a'));
    t.clock.set(at(100));
    await extend(older, 3000);
    for (const id of [older, ...reusers]) expect((await t.get(id)).timeToExpire).toEqual(at(3100));
    // From a reusing compose: itself and the one it reuses, not the other reuser.
    await extend(reusers[0]!, 4000);
    expect([(await t.get(older)).timeToExpire, (await t.get(reusers[0]!)).timeToExpire, (await t.get(reusers[1]!)).timeToExpire]).toEqual([
      at(4100),
      at(4100),
      at(3100),
    ]);
  });

  it('refuses a compose that is not done', async () => {
    await expect(extend(await t.failed('broken'), 100)).rejects.toBeInstanceOf(ComposeNotRenewableError);
    await expect(extend(await t.create(), 100)).rejects.toBeInstanceOf(ComposeNotRenewableError);
    await expect(extend(9999, 100)).rejects.toBeInstanceOf(ComposeNotRenewableError);
  });
});
