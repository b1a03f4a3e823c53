import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateComposeCommand, OutboxRelay, OutboxRelayModule } from '@odcs/compose';
import { BASE_COMPOSE_FIELDS } from '@odcs/compose/testing';
import { NotificationsModule } from '@odcs/backend';
import { InMemoryMessageBus, MESSAGE_BUS } from '@odcs/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposeContext } from '../../support/compose-context.js';
import type { TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let ctx: INestApplicationContext;
let bus: InMemoryMessageBus;
let relay: OutboxRelay;

let close: () => Promise<void>;
beforeAll(async () => {
  // A long poll: the test drives the relay itself.
  ({ db, ctx, close } = await startComposeContext([
    OutboxRelayModule.forRoot({ pollIntervalMs: 3_600_000, batchSize: 3, retentionHours: 1 }),
    { module: NotificationsModule },
  ]));
  bus = ctx.get(MESSAGE_BUS);
  relay = ctx.get(OutboxRelay);
});
afterAll(() => close());

const create = (owner: string) => ctx.get(CommandBus).execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner }, 60));
const unpublished = async () =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL'))[0]!.n;

describe('outbox relay', () => {
  it('publishes the state change of a new compose and marks its rows done', async () => {
    bus.clearPublished();
    const c = await create('alice');
    await relay.drain();
    expect(bus.published.map((m) => m.routingKey)).toEqual(['odcs.compose.state-changed']);
    expect(bus.published[0]!.body).toMatchObject({ event: 'state-changed', compose: { id: c.id, state_name: 'wait', owner: 'alice' } });
    expect(await unpublished()).toBe(0);
  });

  it('keeps rows unsent while the bus is down and sends them all, once and in order, afterwards', async () => {
    bus.clearPublished();
    bus.simulateOutage('broker down');
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await create(`user${i}`)).id);
    await relay.drain();
    expect(bus.published).toEqual([]);
    expect(await unpublished()).toBe(8);
    const [row] = await db.query<{ attempts: number; last_error: string }>(
      'SELECT attempts, last_error FROM outbox_messages WHERE published_at IS NULL ORDER BY id LIMIT 1',
    );
    expect(row!.attempts).toBeGreaterThanOrEqual(1);
    expect(row!.last_error).toContain('broker down');
    bus.endOutage();
    await relay.drain();
    const stateChanges = bus.published.filter((m) => m.routingKey === 'odcs.compose.state-changed');
    expect(stateChanges.map((m) => (m.body as { compose: { id: number } }).compose.id)).toEqual(ids);
    expect(new Set(bus.published.map((m) => m.id)).size).toBe(4);
    expect(await unpublished()).toBe(0);
  });

  it('marks rows of an event type this version no longer writes (compose.ttl-extended.v1) done, without an error', async () => {
    const c = await create('carol');
    const [{ id }] = (await db.query<{ id: string }>(
      `INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) VALUES ($1, 'compose.ttl-extended.v1', $2::jsonb, now()) RETURNING id`,
      [c.id, JSON.stringify({ composeId: c.id, timeToExpire: new Date().toISOString(), occurredAt: new Date().toISOString() })],
    )) as [{ id: string }];
    await relay.drain();
    const [row] = await db.query<{ published: boolean; attempts: number; last_error: string | null }>(
      'SELECT published_at IS NOT NULL AS published, attempts, last_error FROM outbox_messages WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ published: true, attempts: 0, last_error: null });
  });

  it('prunes published rows past the retention only', async () => {
    await create('bob');
    await relay.drain();
    await db.query(
      `UPDATE outbox_messages SET published_at = now() - interval '2 hours' WHERE id IN (SELECT id FROM outbox_messages ORDER BY id LIMIT 2)`,
    );
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages'))[0]!.n;
    expect(await relay.prune()).toBe(2);
    const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages'))[0]!.n;
    expect(after).toBe(before - 2);
  });
});
