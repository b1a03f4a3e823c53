import { describe, expect, it } from 'vitest';
import { aCompose, T0 } from '../testing/compose.builder.js';
import { REASON_DONE, REASON_GENERATING } from './compose.js';
import { ReusePropagation } from './reuse-propagation.js';

const at = (s: number) => new Date(T0.getTime() + s * 1000);
const generating = (id: number, extra = {}) =>
  aCompose()
    .withId(id)
    .submittedAt(T0, 900)
    .inState('generating', { stateReason: REASON_GENERATING, leaseOwner: 'b', ...extra })
    .build();

describe('ReusePropagation', () => {
  it.each([
    ['done', 'done', 'Compose is generated successfully'],
    ['failed', 'failed', 'Koji is down'],
    ['removed', 'removed', 'Compose is expired.'],
  ] as const)('makes the generating reusers of a %s compose %s with its reason', (state, followed, reason) => {
    const reused = aCompose().withId(3).inState(state, { stateReason: reason }).build();
    const waiting = generating(7, { reusedId: 3 });
    const finished = aCompose().withId(8).inState('done', { reusedId: 3 }).build();
    const other = generating(9, { reusedId: 4 });
    expect(ReusePropagation.follow(reused, [waiting, finished, other], at(10)).map((c) => c.id)).toEqual([7]);
    expect(waiting.snapshot()).toMatchObject({ state: followed, stateReason: reason });
    expect(finished.state).toBe('done');
    expect(other.state).toBe('generating');
  });

  it('changes nobody while the reused compose is still running', () => {
    const waiting = generating(7, { reusedId: 3 });
    expect(ReusePropagation.follow(generating(3), [waiting], at(10))).toEqual([]);
    expect(waiting.state).toBe('generating');
  });

  it('links a compose and those waiting on it to a done older compose: all done now, the older one kept as long', () => {
    const older = aCompose().withId(3).submittedAt(T0, 100).inState('done', { pungiComposeId: 'odcs-3-1-20260101.t.0' }).build();
    const compose = generating(7);
    const waitingOnIt = generating(8, { reusedId: 7 });
    const changed = ReusePropagation.link(compose, older, [waitingOnIt], at(10));
    expect(changed.map((c) => c.id)).toEqual([3, 7, 8]);
    for (const c of [compose, waitingOnIt]) {
      expect(c.snapshot()).toMatchObject({ state: 'done', stateReason: REASON_DONE, reusedId: 3, pungiComposeId: 'odcs-3-1-20260101.t.0' });
    }
    expect(older.snapshot()).toMatchObject({ state: 'done', timeToExpire: at(900) });
  });

  it('links to a running older compose: they wait for it, pointing at it, without a lease', () => {
    const older = generating(3, { timeToExpire: at(2000) });
    const compose = generating(7);
    ReusePropagation.link(compose, older, [], at(10));
    expect(compose.snapshot()).toMatchObject({ state: 'generating', reusedId: 3, timeToExpire: at(2000), leaseOwner: null });
    expect(older.snapshot().timeToExpire).toEqual(at(2000));
  });
});
