import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateComposeCommand, RecoverComposesCommand, StartGenerationCommand } from '@odcs/compose';
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

const THREE_DAYS = 3 * 86400;
const create = async () => (await commands.execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner: 'a' }, 600))).id;
const reason = async (id: number) =>
  (await db.query<{ state: number; state_reason: string | null }>('SELECT state, state_reason FROM composes WHERE id = $1', [id]))[0]!;

describe('reasons of the recovery sweep (CONTRACT §4.2, §8.5)', () => {
  it("fails a compose waiting longer than 3 days with the contract's text, and leaves younger ones waiting", async () => {
    const old = await create();
    const young = await create();
    await db.query(`UPDATE composes SET time_submitted = now() - interval '3 days 1 minute' WHERE id = $1`, [old]);
    await db.query(`UPDATE composes SET time_submitted = now() - interval '2 days' WHERE id = $1`, [young]);

    const report = await commands.execute(new RecoverComposesCommand(3, THREE_DAYS));

    expect(report.failed).toContain(old);
    expect(await reason(old)).toEqual({ state: 4, state_reason: "Compose stuck in 'wait' state for longer than 3 days." });
    expect(await reason(young)).toEqual({ state: 0, state_reason: null });
  });

  it('names the lost backend and the attempts when a lease lapses', async () => {
    const id = await create();
    const lapse = () => db.query(`UPDATE composes SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await commands.execute(new StartGenerationCommand('host-a:1', 60, [id]));
    await lapse();
    await commands.execute(new RecoverComposesCommand(2, THREE_DAYS));
    expect(await reason(id)).toEqual({
      state: 0,
      state_reason: 'Generation attempt 1 of 2 was lost: its backend (host-a:1) stopped renewing its lease; retrying.',
    });
    await commands.execute(new StartGenerationCommand('host-b:2', 60, [id]));
    await lapse();
    await commands.execute(new RecoverComposesCommand(2, THREE_DAYS));
    expect(await reason(id)).toEqual({
      state: 4,
      state_reason: 'Compose failed after 2 attempts: its backend (host-b:2) stopped renewing its lease every time.',
    });
  });
});
