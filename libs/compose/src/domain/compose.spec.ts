import { describe, expect, it } from 'vitest';
import { aCompose, T0 } from '../testing/compose.builder.js';
import { IllegalComposeTransitionError } from './compose.errors.js';
import { ComposeStateChangedEvent } from './events/index.js';

const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('Compose', () => {
  it('starts in wait with time_to_expire = submitted + ttl', () => {
    const c = aCompose().submittedAt(T0, 600).buildNew();
    expect(c.state).toBe('wait');
    expect(c.snapshot().timeToExpire).toEqual(at(600));
  });

  it('records creation events once storage assigns the id', () => {
    const c = aCompose().buildNew();
    c.assignId(42);
    const events = c.pullEvents();
    expect(events[0]).toEqual(new ComposeStateChangedEvent(42, null, 'wait', null, T0.toISOString()));
    expect(events.map((e) => e.constructor.name)).toEqual(['ComposeStateChangedEvent', 'ComposeCreatedEvent']);
  });

  it('sets time_started on generating and re-bases the TTL on done', () => {
    const c = aCompose().submittedAt(T0, 600).build();
    c.startGeneration(at(10), 'backend-1', 60);
    expect(c.snapshot().timeStarted).toEqual(at(10));
    expect(c.snapshot().stateReason).toBe('Compose thread started');
    c.completeGeneration(at(100));
    const s = c.snapshot();
    expect(s.state).toBe('done');
    expect(s.timeDone).toEqual(at(100));
    expect(s.timeToExpire).toEqual(at(700));
    expect(s.leaseOwner).toBeNull();
  });

  it('re-bases the TTL on failure without setting time_done', () => {
    const c = aCompose().submittedAt(T0, 600).inState('generating').build();
    c.failGeneration('boom', at(50));
    expect(c.snapshot()).toMatchObject({ state: 'failed', stateReason: 'boom', timeDone: null, timeToExpire: at(650) });
  });

  it('refuses an illegal transition and records nothing', () => {
    const c = aCompose().inState('removed').build();
    expect(() => c.completeGeneration(at(1))).toThrow(IllegalComposeTransitionError);
    expect(c.pullEvents()).toEqual([]);
  });

  it('names the remover or the expiry in the removal reason', () => {
    const expired = aCompose().inState('done', { stateReason: 'Compose is generated successfully' }).build();
    expired.markRemoved(at(5));
    expect(expired.snapshot().stateReason).toBe('Compose is generated successfully\nCompose is expired.');
    expect(expired.snapshot().timeRemoved).toEqual(at(5));
    const deleted = aCompose().inState('failed', { stateReason: null }).build();
    deleted.requestRemoval('admin', at(3));
    deleted.markRemoved(at(5));
    expect(deleted.snapshot().stateReason).toBe('Removed by admin.');
    expect(deleted.snapshot().removedBy).toBe('admin');
  });

  it('extends the TTL but never shortens it', () => {
    const c = aCompose().submittedAt(T0, 1000).inState('done').build();
    expect(c.extendTtl(100, at(10))).toBe(false);
    expect(c.snapshot().timeToExpire).toEqual(at(1000));
    expect(c.extendTtl(5000, at(10))).toBe(true);
    expect(c.snapshot().timeToExpire).toEqual(at(5010));
    expect(c.pullEvents()).toEqual([]);
  });

  it('reuse points this compose at the older one and lives at least as long; the older one keeps itself as long', () => {
    const older = aCompose().withId(3).submittedAt(T0, 100).inState('done', { pungiComposeId: 'odcs-3-1-20260101.t.0' }).build();
    const newer = aCompose().withId(7).submittedAt(T0, 900).inState('generating').build();
    newer.reuse(older.snapshot());
    expect(newer.snapshot()).toMatchObject({ reusedId: 3, pungiComposeId: 'odcs-3-1-20260101.t.0', timeToExpire: at(900) });
    expect(older.snapshot().timeToExpire).toEqual(at(100));
    older.keepUntilAtLeast(newer.snapshot().timeToExpire);
    expect(older.snapshot().timeToExpire).toEqual(at(900));
    older.keepUntilAtLeast(at(50));
    expect(older.snapshot().timeToExpire).toEqual(at(900));
  });

  it('cancel fails the compose with the canceller in the reason', () => {
    const c = aCompose().build();
    c.cancel('unknown', at(1));
    expect(c.snapshot()).toMatchObject({ state: 'failed', stateReason: 'Canceled by unknown' });
  });

  it('copies content for renewal with respin_of = old pungi_compose_id', () => {
    const old = aCompose().inState('removed', { pungiComposeId: 'odcs-1-1-20260101.t.0' }).with({ kojiEvent: 55, packages: 'ed' }).build();
    const copy = old.copyForRenewal('bob', { sigkeys: 'abc' }, 60, at(100));
    expect(copy.snapshot()).toMatchObject({
      owner: 'bob',
      state: 'wait',
      kojiEvent: 55,
      packages: 'ed',
      sigkeys: 'abc',
      respinOf: 'odcs-1-1-20260101.t.0',
      pungiComposeId: null,
      reusedId: null,
      timeToExpire: at(160),
    });
  });
});
