import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NotificationsModule } from '@odcs/backend';
import { CreateComposeCommand, OutboxRelayModule } from '@odcs/compose';
import { BASE_COMPOSE_FIELDS } from '@odcs/compose/testing';
import { MESSAGE_BUS, type InMemoryMessageBus } from '@odcs/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComposeContext } from '../../support/compose-context.js';
import type { TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let backend: INestApplicationContext;
let frontend: INestApplicationContext;
const closes: Array<() => Promise<void>> = [];

beforeAll(async () => {
  // The backend's relay never polls within the test: only a wake-up can make it deliver.
  const b = await startComposeContext([
    OutboxRelayModule.forRoot({ pollIntervalMs: 3_600_000, batchSize: 10, retentionHours: 1 }),
    { module: NotificationsModule },
  ]);
  db = b.db;
  backend = b.ctx;
  // Another process on the same database, without a relay (as the frontend).
  const f = await startComposeContext([], { db });
  frontend = f.ctx;
  closes.push(f.close, b.close);
});
afterAll(async () => {
  for (const close of closes) await close();
});

describe('outbox wake-up across processes', () => {
  it("delivers another process's commit at once, through LISTEN/NOTIFY", async () => {
    const bus = backend.get<InMemoryMessageBus>(MESSAGE_BUS);
    const c = await frontend.get(CommandBus).execute(new CreateComposeCommand({ ...BASE_COMPOSE_FIELDS, owner: 'carol' }, 60));
    await expect
      .poll(() => bus.published.map((m) => (m.body as { compose: { id: number } }).compose.id), { timeout: 5000 })
      .toEqual([c.id]);
  });
});
