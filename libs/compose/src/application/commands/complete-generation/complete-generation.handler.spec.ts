import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REASON_DONE, REASON_GENERATING } from '../../../domain/compose.js';
import { startInMemoryCompose, T0, type InMemoryComposeContext } from '../../../testing/index.js';
import { DeleteComposeCommand } from '../delete-compose/delete-compose.command.js';
import { RecordProgressCommand } from '../record-progress/record-progress.command.js';
import { RecoverComposesCommand } from '../recover-composes/recover-composes.command.js';
import { ReuseComposeCommand } from '../reuse-compose/reuse-compose.command.js';
import { StartGenerationCommand } from '../start-generation/start-generation.command.js';
import { CompleteGenerationCommand } from './complete-generation.command.js';

let t: InMemoryComposeContext;
beforeEach(async () => (t = await startInMemoryCompose()));
afterEach(() => t.close());

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const complete = (id: number, backend = 'backend-a') =>
  t.commands.execute(new CompleteGenerationCommand(id, `odcs-${id}-1-20260101.t.0`, backend, 4096, 'dump'));

describe('CompleteGenerationHandler', () => {
  it('makes a generating compose done with its results, its time to live counted from now', async () => {
    const id = await t.generating();
    t.clock.set(at(300));
    await complete(id);
    expect(await t.get(id)).toMatchObject({
      state: 'done',
      stateReason: REASON_DONE,
      timeDone: at(300),
      timeToExpire: at(1300),
      pungiComposeId: `odcs-${id}-1-20260101.t.0`,
      sizeBytes: 4096,
      pungiConfigDump: 'dump',
      leaseOwner: null,
    });
    expect(t.events(id).at(-1)).toBe('compose.state-changed.v1');
  });

  it('lets the composes waiting on it finish with it, in the same transaction', async () => {
    const id = await t.generating();
    await t.commands.execute(new RecordProgressCommand(id, { reason: REASON_GENERATING }));
    const follower = await t.generating();
    await t.commands.execute(new ReuseComposeCommand(follower, id));
    await complete(id);
    expect(await t.get(follower)).toMatchObject({ state: 'done', reusedId: id });
  });

  it('ignores the result of a backend that lost the compose, and of a cancelled compose', async () => {
    const id = await t.generating();
    t.clock.set(at(120)); // backend-a's 60 s lease lapsed: another backend retries
    await t.commands.execute(new RecoverComposesCommand(3, 86400));
    await t.commands.execute(new StartGenerationCommand('backend-b', 60, [id]));
    await complete(id, 'backend-a');
    expect(await t.get(id)).toMatchObject({ state: 'generating', leaseOwner: 'backend-b', attempts: 2 });
    await t.commands.execute(new DeleteComposeCommand(id, 'alice', false));
    await complete(id, 'backend-b');
    expect(await t.get(id)).toMatchObject({ state: 'failed', stateReason: 'Canceled by alice' });
  });
});
