import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { COMPOSE_REPOSITORY, type ComposeRepository, CreateComposeCommand, type ComposeProps } from '@odcs/compose';
import { BASE_COMPOSE_FIELDS, ComposeBuilder } from '@odcs/compose/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposeContext } from '../../support/compose-context.js';
import type { TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ctx: INestApplicationContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, ctx, close } = await startComposeContext());
}, 60_000);
afterAll(async () => close?.());

describe('a create is one statement', () => {
  it('stores the compose, its outbox rows with its id in every payload, and notifies the relays at commit', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const notified = new Promise<string>((resolve) => listener.on('notification', (n) => resolve(n.channel)));
    await listener.query('LISTEN odcs_outbox');
    const created = await ctx
      .get(CommandBus)
      .execute<CreateComposeCommand, ComposeProps>(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, packages: 'ed' }, 600));
    expect(await notified).toBe('odcs_outbox');
    await listener.end();

    const [row] = await db.query<{ id: number; state: number; owner: string; packages: string; attempts: number }>(
      'SELECT id, state, owner, packages, attempts FROM composes WHERE id = $1',
      [created.id],
    );
    expect(row).toEqual({ id: created.id, state: 0, owner: 'alice', packages: 'ed', attempts: 0 });
    const outbox = await db.query<{ compose_id: number; type: string; payload: Record<string, any> }>(
      'SELECT compose_id, type, payload FROM outbox_messages WHERE compose_id = $1 ORDER BY id',
      [created.id],
    );
    expect(outbox.map((o) => o.type)).toEqual(['compose.state-changed.v1', 'compose.created.v1']);
    const [changed, createdEvent] = outbox.map((o) => o.payload);
    expect(changed).toMatchObject({
      composeId: created.id,
      from: null,
      to: 'wait',
      compose: { id: created.id, state: 0, state_name: 'wait' },
    });
    expect(changed!['snapshot']).toMatchObject({ id: created.id, owner: 'alice', packages: 'ed', state: 'wait' });
    expect(createdEvent).toEqual({ composeId: created.id, occurredAt: created.timeSubmitted.toISOString() });
    expect(JSON.stringify(outbox)).not.toContain(String(Number.MIN_SAFE_INTEGER));
  });

  it('refuses to go on after a unit of work committed its first insert alone, and keeps that compose', async () => {
    const repo = ctx.get<ComposeRepository>(COMPOSE_REPOSITORY);
    let insertedId = 0;
    await expect(
      repo.transaction(async (tx) => {
        const compose = new ComposeBuilder().buildNew();
        await tx.insert(compose);
        insertedId = compose.id;
        await tx.findById(compose.id);
      }),
    ).rejects.toThrow(/nothing may follow the insert/);
    expect(await repo.findById(insertedId)).toMatchObject({ id: insertedId, state: 'wait' });
  });

  it('inserts inside a transaction that began before (renew: read, then insert, then save, all or nothing)', async () => {
    const repo = ctx.get<ComposeRepository>(COMPOSE_REPOSITORY);
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM composes');
    await expect(
      repo.transaction(async (tx) => {
        await tx.tryAdvisoryLock('create-one-statement-test');
        await tx.insert(new ComposeBuilder().buildNew());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM composes')).toEqual(before);
  });

  it('commits concurrent creates together, each with its own id and outbox rows; a compose PostgreSQL refuses fails alone', async () => {
    const bus = ctx.get(CommandBus);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        bus.execute<CreateComposeCommand, ComposeProps>(
          new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, packages: `p${i}`, kojiEvent: i === 7 ? 2 ** 40 : i }, 600),
        ),
      ),
    );
    expect(results[7]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/out of range/) } });
    const created = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    expect(created).toHaveLength(19);
    expect(new Set(created.map((c) => c.id)).size).toBe(19);
    for (const c of created) {
      const [row] = await db.query<{ packages: string; koji_event: number }>('SELECT packages, koji_event FROM composes WHERE id = $1', [
        c.id,
      ]);
      expect(row).toEqual({ packages: c.packages, koji_event: c.kojiEvent });
      const outbox = await db.query<{ payload: Record<string, any> }>(
        'SELECT payload FROM outbox_messages WHERE compose_id = $1 ORDER BY id',
        [c.id],
      );
      expect(outbox.map((o) => o.payload['composeId'])).toEqual([c.id, c.id]);
      expect(outbox[0]!.payload['snapshot']).toMatchObject({ id: c.id, packages: c.packages });
    }
    expect(await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM composes WHERE packages = 'p7'`)).toEqual([{ n: 0 }]);
  });
});
