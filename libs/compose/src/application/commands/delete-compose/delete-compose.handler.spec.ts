import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REASON_GENERATING } from '../../../domain/compose.js';
import { ComposeForbiddenError, ComposeNotFoundError, ComposeNotRemovableError } from '../../../domain/compose.errors.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { RecordProgressCommand } from '../record-progress/record-progress.command.js';
import { RemoveExpiredComposesCommand } from '../remove-expired/remove-expired-composes.command.js';
import { ReuseComposeCommand } from '../reuse-compose/reuse-compose.command.js';
import { DeleteComposeCommand } from './delete-compose.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const del = (id: number, user = 'alice', admin = false) => t.commands.execute(new DeleteComposeCommand(id, user, admin));

describe('DeleteComposeHandler', () => {
  it('cancels a waiting compose of its owner', async () => {
    const id = await t.create();
    expect(await del(id)).toBe('cancelled');
    expect(await t.get(id)).toMatchObject({ state: 'failed', stateReason: 'Canceled by alice' });
    expect(t.events(id).slice(-2)).toEqual(['compose.state-changed.v1', 'compose.cancelled.v1']);
  });

  it('cancels a generating compose, and the composes waiting on it fail with it', async () => {
    const id = await t.generating();
    await t.commands.execute(new RecordProgressCommand(id, { reason: REASON_GENERATING }));
    const follower = await t.generating();
    await t.commands.execute(new ReuseComposeCommand(follower, id));
    expect(await del(id, 'root', true)).toBe('cancelled');
    expect(await t.get(id)).toMatchObject({ state: 'failed', stateReason: 'Canceled by root' });
    expect(await t.get(follower)).toMatchObject({ state: 'failed', stateReason: 'Canceled by root' });
  });

  it("refuses to cancel someone else's compose unless an admin asks", async () => {
    const id = await t.create();
    await expect(del(id, 'mallory')).rejects.toBeInstanceOf(ComposeForbiddenError);
    expect((await t.get(id)).state).toBe('wait');
  });

  it('lets an admin ask for the removal of a finished compose: it expires now', async () => {
    const id = await t.done();
    t.clock.set(at(100));
    expect(await del(id, 'root', true)).toBe('removal-requested');
    expect(await t.get(id)).toMatchObject({ state: 'done', removedBy: 'root', timeToExpire: at(100) });
    expect(t.events(id).at(-1)).toBe('compose.removal-requested.v1');
    expect(await t.commands.execute(new RemoveExpiredComposesCommand(10, [], [], [id]))).toMatchObject([{ id, state: 'removed' }]);
  });

  it('refuses the removal to a non-admin, of a removed compose, and of a missing one', async () => {
    const id = await t.done();
    await expect(del(id, 'alice', false)).rejects.toBeInstanceOf(ComposeForbiddenError);
    t.clock.set(at(5000));
    await t.commands.execute(new RemoveExpiredComposesCommand(10));
    await expect(del(id, 'root', true)).rejects.toBeInstanceOf(ComposeNotRemovableError);
    await expect(del(9999, 'root', true)).rejects.toBeInstanceOf(ComposeNotFoundError);
  });
});
