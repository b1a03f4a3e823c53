import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CompleteGenerationCommand,
  CreateComposeCommand,
  FailGenerationCommand,
  RecordProgressCommand,
  RecoverComposesCommand,
  ReuseComposeCommand,
  StartGenerationCommand,
} from '@odcs/compose';
import { BASE_COMPOSE_FIELDS } from '@odcs/compose/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposeContext } from '../../support/compose-context.js';
import type { TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ctx: INestApplicationContext;
let commands: CommandBus;

let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, ctx, close } = await startComposeContext());
  commands = ctx.get(CommandBus);
});
afterAll(() => close());

const create = async () => (await commands.execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner: 'a' }, 600))).id;
const claim = (backend: string, id: number) => commands.execute(new StartGenerationCommand(backend, 60, [id]));
const row = async (id: number) =>
  (
    await db.query<{ state: number; reused_id: number | null; lease_owner: string | null; attempts: number }>(
      'SELECT state, reused_id, lease_owner, attempts FROM composes WHERE id = $1',
      [id],
    )
  )[0]!;

describe('generation races between backends', () => {
  it('ignores the result of a backend whose compose was taken over after its lease lapsed', async () => {
    const id = await create();
    await claim('backend-a', id);
    await db.query(`UPDATE composes SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect((await commands.execute(new RecoverComposesCommand(3, 3 * 86400))).requeued).toContain(id);
    await claim('backend-b', id);
    await commands.execute(new FailGenerationCommand(id, 'late failure from a', 'backend-a'));
    expect(await row(id)).toMatchObject({ state: 1, lease_owner: 'backend-b', attempts: 2 });
    await commands.execute(new CompleteGenerationCommand(id, `odcs-${id}-1-20260101.t.0`, 'backend-b'));
    expect((await row(id)).state).toBe(2);
  });

  it('never builds a reuse chain: followers move to the compose finally reused', async () => {
    const q = await create();
    await claim('b', q);
    await commands.execute(new CompleteGenerationCommand(q, `odcs-${q}-1-20260101.t.0`, 'b'));
    const r = await create();
    await claim('b', r);
    await commands.execute(new RecordProgressCommand(r, { reason: 'Compose is generating' }));
    const x = await create();
    await claim('b', x);
    await commands.execute(new ReuseComposeCommand(x, r)); // x waits on r
    expect(await row(x)).toMatchObject({ state: 1, reused_id: r });
    await commands.execute(new ReuseComposeCommand(r, q)); // r turns out identical to q
    expect(await row(r)).toMatchObject({ state: 2, reused_id: q });
    expect(await row(x)).toMatchObject({ state: 2, reused_id: q });
    // and a compose that reuses another is never itself a reuse target
    const y = await create();
    await claim('b', y);
    await expect(commands.execute(new ReuseComposeCommand(y, r))).rejects.toThrow(/no longer in state/);
  });
});
