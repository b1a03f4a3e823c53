import { beforeEach, describe, expect, it } from 'vitest';
import type { ComposeRepository, ComposeTransaction, ListComposesCriteria } from '../application/ports/compose.repository.js';
import { Compose, REASON_GENERATING } from '../domain/compose.js';
import type { NewComposeProps } from '../domain/compose-props.js';
import { ComposeNotFoundError, ConcurrentComposeUpdateError } from '../domain/compose.errors.js';
import { BASE_COMPOSE_FIELDS, T0 } from './compose.builder.js';

/** A repository on empty storage, and what its outbox holds (in write order). */
export interface ComposeRepositoryFixture {
  repo: ComposeRepository;
  outbox(): Promise<{ composeId: number; type: string }[]>;
}

export type ComposeRepositoryFactory = () => Promise<ComposeRepositoryFixture>;

const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

/**
 * The behaviour every {@link ComposeRepository} must show, run against the in-memory one (unit) and
 * the TypeORM one on PostgreSQL (integration): `composeRepositoryContract('in-memory', async () => …)`.
 * Composes are submitted at T0 with a time to live of 1000 s; times are explicit, never the clock.
 */
export function composeRepositoryContract(name: string, createFixture: ComposeRepositoryFactory): void {
  describe(`ComposeRepository contract (${name})`, () => {
    let repo: ComposeRepository;
    let fixture: ComposeRepositoryFixture;

    beforeEach(async () => {
      fixture = await createFixture();
      repo = fixture.repo;
    });

    const submit = async (fields: Partial<NewComposeProps> = {}, renewedFromId?: number): Promise<number> =>
      repo.transaction(async (tx) => {
        const c = Compose.submit({ ...BASE_COMPOSE_FIELDS, ...fields }, 1000, T0);
        await tx.insert(c, renewedFromId);
        return c.id;
      });
    /** Loads the compose, applies `change`, saves it. */
    const change = (id: number, fn: (c: Compose, tx: ComposeTransaction) => void | Promise<void>): Promise<void> =>
      repo.transaction(async (tx) => {
        const c = await tx.getById(id, { lock: true });
        await fn(c, tx);
        await tx.save(c);
      });
    const generating = async (fields: Partial<NewComposeProps> = {}, leaseSeconds = 60): Promise<number> => {
      const id = await submit(fields);
      await change(id, (c) => c.startGeneration(at(1), 'backend-a', leaseSeconds));
      return id;
    };
    const done = async (fields: Partial<NewComposeProps> = {}, when = 10): Promise<number> => {
      const id = await generating(fields);
      await change(id, (c) => c.completeGeneration(at(when)));
      return id;
    };
    const ids = (composes: Compose[]) => composes.map((c) => c.id);
    const claimed = (where: Parameters<ComposeTransaction['claim']>[0], limit = 10) =>
      repo.transaction(async (tx) => ids(await tx.claim(where, limit)));
    const state = async (id: number) => (await repo.findById(id))?.state;

    describe('writes', () => {
      it('stores a new compose under a fresh id, with its creation events in the outbox', async () => {
        const a = await submit({ owner: 'alice' });
        const b = await submit({ owner: 'bob' }, a);
        expect(b).toBeGreaterThan(a);
        expect(await repo.findById(a)).toMatchObject({ id: a, owner: 'alice', state: 'wait', timeSubmitted: T0, timeToExpire: at(1000) });
        const events = await fixture.outbox();
        expect(events).toEqual([
          { composeId: a, type: 'compose.state-changed.v1' },
          { composeId: a, type: 'compose.created.v1' },
          { composeId: b, type: 'compose.state-changed.v1' },
          { composeId: b, type: 'compose.created.v1' },
          { composeId: b, type: 'compose.renewed.v1' },
        ]);
      });

      it('saves changes and appends their events; a save without events appends none', async () => {
        const id = await submit();
        await change(id, (c) => c.startGeneration(at(1), 'backend-a', 60));
        await change(id, (c) => c.noteProgress('Compose is generating', 'download 1/2'));
        expect(await repo.findById(id)).toMatchObject({
          state: 'generating',
          stateReason: 'Compose is generating',
          progress: 'download 1/2',
          timeStarted: at(1),
          leaseOwner: 'backend-a',
          leaseExpiresAt: at(61),
          attempts: 1,
        });
        expect((await fixture.outbox()).map((e) => e.type)).toEqual([
          'compose.state-changed.v1',
          'compose.created.v1',
          'compose.state-changed.v1',
        ]);
      });

      it('refuses to save a compose whose stored state changed since it was loaded', async () => {
        const id = await submit();
        const stale = await repo.transaction((tx) => tx.getById(id));
        await change(id, (c) => c.startGeneration(at(1), 'backend-a', 60));
        stale.cancel('alice', at(2));
        await expect(repo.transaction((tx) => tx.save(stale))).rejects.toBeInstanceOf(ConcurrentComposeUpdateError);
        expect(await state(id)).toBe('generating');
      });

      it('keeps nothing of a transaction that failed, and passes its error on', async () => {
        const id = await submit();
        const before = await fixture.outbox();
        const failure = new Error('boom');
        await expect(
          repo.transaction(async (tx) => {
            const c = await tx.getById(id);
            c.startGeneration(at(1), 'backend-a', 60);
            await tx.save(c);
            await tx.insert(Compose.submit(BASE_COMPOSE_FIELDS, 1000, T0));
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await state(id)).toBe('wait');
        expect(await fixture.outbox()).toEqual(before);
        expect((await repo.list(everything())).total).toBe(1);
      });
    });

    describe('reads in a transaction', () => {
      it('finds a compose by id, optionally only in given states, and throws ComposeNotFoundError for getById', async () => {
        const id = await submit();
        await repo.transaction(async (tx) => {
          expect((await tx.findById(id))?.snapshot()).toMatchObject({ id, state: 'wait' });
          expect(await tx.findById(id, { states: ['done', 'failed'] })).toBeNull();
          expect((await tx.findById(id, { lock: true, states: ['wait'] }))?.id).toBe(id);
          expect(await tx.findById(id + 1000)).toBeNull();
          await expect(tx.getById(id + 1000)).rejects.toBeInstanceOf(ComposeNotFoundError);
        });
      });

      it('finds the composes reusing one, and the reuse group (the compose, its reused one, its reusers) in id order', async () => {
        const older = await done();
        const [x, y, unrelated] = [await generating(), await generating(), await generating()];
        for (const id of [x, y]) {
          await repo.transaction(async (tx) => {
            const o = await tx.getById(older);
            const c = await tx.getById(id);
            c.reuse(o.snapshot());
            await tx.save(c);
          });
        }
        await repo.transaction(async (tx) => {
          expect(ids(await tx.findReusing(older))).toEqual([x, y]);
          expect(ids(await tx.findReusing(unrelated, { lock: true }))).toEqual([]);
          expect(ids(await tx.lockReuseGroup(older))).toEqual([older, x, y]);
          expect(ids(await tx.lockReuseGroup(y))).toEqual([older, y]);
          expect(ids(await tx.lockReuseGroup(unrelated))).toEqual([unrelated]);
        });
      });

      it('finds reuse candidates: older unreused composes of the same source, done ones newest first, then running ones', async () => {
        const d1 = await done({ source: 'f40' });
        const d2 = await done({ source: 'f40' });
        await done({ source: 'f41' });
        await done({ source: 'f40', sourceType: 'build' });
        const g1 = await generating({ source: 'f40' });
        await change(g1, (c) => c.noteProgress(REASON_GENERATING, null));
        await generating({ source: 'f40' }); // claimed, engine not running yet: not a candidate
        const failed = await generating({ source: 'f40' });
        await change(failed, (c) => c.failGeneration('broken', at(5)));
        const reusing = await generating({ source: 'f40' });
        await repo.transaction(async (tx) => {
          const c = await tx.getById(reusing);
          c.reuse((await tx.getById(d1)).snapshot());
          await tx.save(c);
        });
        const newest = await submit({ source: 'f40' });
        await repo.transaction(async (tx) => {
          expect(ids(await tx.findReuseCandidates(await tx.getById(newest)))).toEqual([d2, d1, g1]);
          expect(ids(await tx.findReuseCandidates(await tx.getById(d2)))).toEqual([d1]);
        });
      });

      it('grants a free advisory lock', async () => {
        expect(await repo.transaction((tx) => tx.tryAdvisoryLock('odcs.contract'))).toBe(true);
      });
    });

    describe('claims', () => {
      it('claims waiting composes in id order, only the given ids, without the excluded ones, up to the limit', async () => {
        const [a, b, c] = [await submit(), await submit(), await submit()];
        await generating();
        expect(await claimed({ kind: 'waiting' })).toEqual([a, b, c]);
        expect(await claimed({ kind: 'waiting' }, 2)).toEqual([a, b]);
        expect(await claimed({ kind: 'waiting', ids: [c, a] })).toEqual([a, c]);
        expect(await claimed({ kind: 'waiting', ids: [] })).toEqual([]);
        expect(await claimed({ kind: 'waiting', excludeIds: [a] })).toEqual([b, c]);
      });

      it('claims done and failed composes whose time to live is over, soonest expired first', async () => {
        const early = await done({}, 10); // expires at 1010
        const late = await done({}, 500); // 1500
        const failed = await generating();
        await change(failed, (c) => c.failGeneration('broken', at(200))); // 1200
        const removed = await done({}, 10);
        await change(removed, (c) => c.markRemoved(at(20)));
        await submit(); // waiting: 1000, never expires
        expect(await claimed({ kind: 'expired', now: at(1100) })).toEqual([early]);
        expect(await claimed({ kind: 'expired', now: at(1010) })).toEqual([early]);
        expect(await claimed({ kind: 'expired', now: at(2000) })).toEqual([early, failed, late]);
        expect(await claimed({ kind: 'expired', now: at(2000), ids: [late, removed] })).toEqual([late]);
        expect(await claimed({ kind: 'expired', now: at(2000) }, 1)).toEqual([early]);
      });

      it('claims generating composes whose lease lapsed', async () => {
        const short = await generating({}, 10); // lease until 11
        const long = await generating({}, 100); // 101
        expect(await claimed({ kind: 'lease-lapsed', now: at(50) })).toEqual([short]);
        expect(await claimed({ kind: 'lease-lapsed', now: at(200) })).toEqual([short, long]);
      });

      it('claims composes waiting since before a time', async () => {
        const w = await submit();
        await generating();
        expect(await claimed({ kind: 'waiting-since', before: T0 })).toEqual([]);
        expect(await claimed({ kind: 'waiting-since', before: at(1) })).toEqual([w]);
      });

      it('claims generating composes whose reused compose has finished', async () => {
        const older = await generating();
        const follower = await generating();
        await repo.transaction(async (tx) => {
          const c = await tx.getById(follower);
          c.reuse((await tx.getById(older)).snapshot());
          await tx.save(c);
        });
        expect(await claimed({ kind: 'reusing-finished' })).toEqual([]);
        await change(older, (c) => c.completeGeneration(at(5)));
        expect(await claimed({ kind: 'reusing-finished' })).toEqual([follower]);
      });
    });

    describe('queries', () => {
      it('lists with filters, order and paging, and counts the whole match', async () => {
        const a = await submit({ owner: 'alice', source: 'f40', label: 'A', composeType: 'production' });
        const b = await done({ owner: 'bob', source: 'F40-updates' });
        const c = await submit({ owner: 'carol', sourceType: 'build', source: 'ed-1.0-1' });
        const d = await done({ owner: 'alice', source: 'f41' }, 20);
        const list = async (c: Partial<ListComposesCriteria>) => {
          const { page, total } = await repo.list({ ...everything(), ...c });
          return { items: page.map((row) => row.compose!), total };
        };
        const listed = async (c: Partial<ListComposesCriteria>) => (await list(c)).items.map((p) => p.id);
        expect(await list({ limit: 2, offset: 1 })).toMatchObject({ total: 4, items: [{ id: c }, { id: b }] });
        expect(await listed({ descending: false })).toEqual([a, b, c, d]);
        expect(await list({ filter: { owner: 'alice' } })).toMatchObject({ total: 2, items: [{ id: d }, { id: a }] });
        expect(await listed({ filter: { states: ['done'] } })).toEqual([d, b]);
        expect(await listed({ filter: { states: ['wait'], sourceTypes: ['build'] } })).toEqual([c]);
        expect(await listed({ filter: { source: 'f40' } })).toEqual([a]);
        expect(await listed({ filter: { sourceContains: 'f40' } })).toEqual([b, a]);
        expect(await listed({ filter: { label: 'A', composeType: 'production' } })).toEqual([a]);
        expect(await list({ filter: { owner: 'nobody' } })).toEqual({ items: [], total: 0 });
        expect(await list({ limit: 0 })).toEqual({ items: [], total: 4 });
        expect(await listed({ orderBy: 'owner', descending: false })).toEqual([a, d, b, c]);
        // time_done: nulls last when descending, first when ascending; ties by id in the same direction.
        expect(await listed({ orderBy: 'time_done' })).toEqual([d, b, c, a]);
        expect(await listed({ orderBy: 'time_done', descending: false })).toEqual([a, c, b, d]);
        expect(await listed({ orderBy: 'state', descending: false })).toEqual([a, c, b, d]);
      });

      it("gives each listed compose's row version, which changes when the compose does, with or without the composes", async () => {
        const a = await submit({ owner: 'alice' });
        const b = await submit({ owner: 'bob' });
        const first = await repo.list(everything());
        expect(first.page.map((r) => [r.id, r.compose?.id])).toEqual([
          [b, b],
          [a, a],
        ]);
        expect(first.page[0]!.compose).not.toHaveProperty('pungiConfigDump');
        const versions = first.page.map(({ id, version }) => ({ id, version }));
        expect(await repo.list(everything(), { versionsOnly: true })).toEqual({ page: versions, total: 2 });
        await change(a, (c) => c.startGeneration(at(1), 'backend-a', 60));
        const after = (await repo.list(everything(), { versionsOnly: true })).page;
        expect(after[0]).toEqual(versions[0]);
        expect(after[1]!.version).not.toBe(versions[1]!.version);
        const found = await repo.findListed([a, 999_999, b]);
        expect(found.map((r) => [r.id, r.version, r.compose.id, r.compose.state])).toEqual([
          [a, after[1]!.version, a, 'generating'],
          [b, versions[0]!.version, b, 'wait'],
        ]);
        expect(await repo.findListed([])).toEqual([]);
      });

      it('counts composes by source type and state', async () => {
        await submit();
        await submit();
        await done();
        await submit({ sourceType: 'module', source: 'm:s' });
        const counts = (await repo.countByTypeAndState()).filter((r) => r.count > 0);
        expect(counts.sort((x, y) => `${x.sourceType}${x.state}`.localeCompare(`${y.sourceType}${y.state}`))).toEqual([
          { sourceType: 'module', state: 'wait', count: 1 },
          { sourceType: 'tag', state: 'done', count: 1 },
          { sourceType: 'tag', state: 'wait', count: 2 },
        ]);
      });

      it('tells which compose ids still need their files: not removed, or reused by a compose not removed', async () => {
        const live = await done();
        const gone = await done();
        await change(gone, (c) => c.markRemoved(at(20)));
        const reusedGone = await done();
        const user = await generating();
        await repo.transaction(async (tx) => {
          const c = await tx.getById(user);
          c.reuse((await tx.getById(reusedGone)).snapshot());
          await tx.save(c);
        });
        await change(reusedGone, (c) => c.markRemoved(at(30)));
        expect([...(await repo.liveComposeIds([live, gone, reusedGone, 9999]))].sort((x, y) => x - y)).toEqual([live, reusedGone]);
        expect(await repo.liveComposeIds([])).toEqual(new Set());
      });

      it('tells whether a pungi compose id is taken', async () => {
        const id = await generating();
        await change(id, (c) => c.setPungiComposeId('odcs-1-1-20260101.t.0'));
        expect(await repo.isPungiComposeIdTaken('odcs-1-1-20260101.t.0')).toBe(true);
        expect(await repo.isPungiComposeIdTaken('odcs-1-1-20260101.t.1')).toBe(false);
      });
    });
  });
}

/** Every compose, newest first. */
function everything(): ListComposesCriteria {
  return { filter: {}, orderBy: 'id', descending: true, offset: 0, limit: 100 };
}
