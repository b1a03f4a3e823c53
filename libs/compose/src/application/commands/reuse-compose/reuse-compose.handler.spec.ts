import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REASON_DONE, REASON_GENERATING } from '../../../domain/compose.js';
import { ConcurrentComposeUpdateError } from '../../../domain/compose.errors.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { FailGenerationCommand } from '../fail-generation/fail-generation.command.js';
import { RecordProgressCommand } from '../record-progress/record-progress.command.js';
import { StartGenerationCommand } from '../start-generation/start-generation.command.js';
import { ReuseComposeCommand } from './reuse-compose.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const reuse = (id: number, older: number) => t.commands.execute(new ReuseComposeCommand(id, older));
const running = async () => {
  const id = await t.generating();
  await t.commands.execute(new RecordProgressCommand(id, { reason: REASON_GENERATING }));
  return id;
};

describe('ReuseComposeHandler', () => {
  it('finishes a compose at once by reusing a done one, which then lives as long as the newer', async () => {
    const older = await t.done(); // expires at 1000
    t.clock.set(at(500));
    const id = await t.create({}, 2000); // expires at 2500
    await t.commands.execute(new StartGenerationCommand('b', 60, [id]));
    const reused = await reuse(id, older);
    expect(reused).toMatchObject({
      state: 'done',
      stateReason: REASON_DONE,
      reusedId: older,
      pungiComposeId: `odcs-${older}-1-20260101.t.0`,
    });
    expect((await t.get(older)).timeToExpire).toEqual(at(2500));
  });

  it('makes a compose wait on a running one and follow its result; composes that waited on it move along', async () => {
    const older = await running();
    const middle = await running();
    const waitingOnMiddle = await t.generating();
    await reuse(waitingOnMiddle, middle);
    await reuse(middle, older);
    expect(await t.get(middle)).toMatchObject({ state: 'generating', reusedId: older, leaseOwner: null });
    expect((await t.get(waitingOnMiddle)).reusedId).toBe(older); // no chains
    await t.commands.execute(new FailGenerationCommand(older, 'Koji is down', 'backend-a'));
    for (const id of [middle, waitingOnMiddle]) expect(await t.get(id)).toMatchObject({ state: 'failed', stateReason: 'Koji is down' });
  });

  it('refuses an older compose that reuses another, or whose engine is not running', async () => {
    const root = await t.done();
    const reusing = await t.generating();
    await reuse(reusing, root);
    await expect(reuse(await t.generating(), reusing)).rejects.toBeInstanceOf(ConcurrentComposeUpdateError);
    const claimedOnly = await t.generating();
    await expect(reuse(await t.generating(), claimedOnly)).rejects.toBeInstanceOf(ConcurrentComposeUpdateError);
  });

  it('refuses to change a compose that is not generating', async () => {
    const older = await t.done();
    const waiting = await t.create();
    await expect(reuse(waiting, older)).rejects.toBeInstanceOf(ConcurrentComposeUpdateError);
    expect((await t.get(waiting)).state).toBe('wait');
  });
});
