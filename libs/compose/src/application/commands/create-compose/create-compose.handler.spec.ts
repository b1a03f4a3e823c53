import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryCompose, T0, BASE_COMPOSE_FIELDS, type InMemoryComposeContext } from '../../../testing/index.js';
import { CreateComposeCommand } from './create-compose.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

describe('CreateComposeHandler', () => {
  it('stores a waiting compose that expires its time to live after submission, and records its creation', async () => {
    const created = await t.commands.execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner: 'bob', source: 'f41' }, 600));
    expect(created).toMatchObject({
      owner: 'bob',
      source: 'f41',
      state: 'wait',
      timeSubmitted: T0,
      timeToExpire: new Date(T0.getTime() + 600_000),
    });
    expect(await t.get(created.id)).toEqual(created);
    expect(t.events(created.id)).toEqual(['compose.state-changed.v1', 'compose.created.v1']);
  });

  it('gives every compose its own id', async () => {
    const [a, b] = [await t.create(), await t.create()];
    expect(b).toBeGreaterThan(a);
  });
});
