import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComposeNotRenewableError } from '../../../domain/compose.errors.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { RemoveExpiredComposesCommand } from '../remove-expired/remove-expired-composes.command.js';
import { RenewComposeCommand } from './renew-compose.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const renew = (id: number, overrides = {}, ttl = 5000, by = 'bob') => t.commands.execute(new RenewComposeCommand(id, overrides, ttl, by));

describe('RenewComposeHandler', () => {
  it('extends a done compose in place when the request changes nothing', async () => {
    const id = await t.done();
    t.clock.set(at(100));
    const renewed = await renew(id);
    expect(renewed).toMatchObject({ id, state: 'done', timeToExpire: at(5100) });
    expect((await t.get(id)).timeToExpire).toEqual(at(5100));
  });

  it('regenerates a failed compose as a new waiting compose of the same content, owned by the requester', async () => {
    const id = await t.failed('Koji is down', { kojiEvent: 1234, packages: 'ed' });
    t.clock.set(at(100));
    const copy = await renew(id);
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({
      state: 'wait',
      owner: 'bob',
      kojiEvent: 1234,
      packages: 'ed',
      timeSubmitted: at(100),
      timeToExpire: at(5100),
    });
    expect(t.events(copy.id)).toEqual(['compose.state-changed.v1', 'compose.created.v1', 'compose.renewed.v1']);
    expect((await t.get(id)).state).toBe('failed');
  });

  it('regenerates a removed compose, and a done one whose sigkeys the request changes', async () => {
    const removed = await t.done();
    t.clock.set(at(5000));
    await t.commands.execute(new RemoveExpiredComposesCommand(10));
    expect((await t.get(removed)).state).toBe('removed');
    expect((await renew(removed)).state).toBe('wait');
    const done = await t.done({ sigkeys: 'aaa' });
    const copy = await renew(done, { sigkeys: 'bbb' });
    expect(copy).toMatchObject({ state: 'wait', sigkeys: 'bbb' });
    expect(copy.id).not.toBe(done);
  });

  it('refuses a compose that is not finished, or does not exist', async () => {
    const waiting = await t.create();
    await expect(renew(waiting)).rejects.toBeInstanceOf(ComposeNotRenewableError);
    await expect(renew(9999)).rejects.toBeInstanceOf(ComposeNotRenewableError);
  });
});
