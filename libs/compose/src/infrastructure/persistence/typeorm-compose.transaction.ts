import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Compose } from '../../domain/compose.js';
import { REASON_GENERATING } from '../../domain/compose.js';
import { ComposeNotFoundError, ConcurrentComposeUpdateError } from '../../domain/compose.errors.js';
import { SOURCE_TYPES } from '../../domain/compose-enums.js';
import { type ComposeState, STATE_CODES } from '../../domain/compose-state.js';
import type { ClaimCriteria, ComposeTransaction } from '../../application/ports/compose.repository.js';
import type { OutboxWriter } from '../outbox/outbox.writer.js';
import { ComposeStateChangedEvent } from '../../domain/events/index.js';
import { rowToCompose, toRow } from './compose.mapper.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';

const S = STATE_CODES;

export class TypeOrmComposeTransaction implements ComposeTransaction {
  wroteOutbox = false;
  /** State changes written in this transaction (logged once it commits). */
  readonly stateChanges: ComposeStateChangedEvent[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: OutboxWriter,
  ) {}

  private query(): SelectQueryBuilder<ComposeOrmEntity> {
    return this.manager.createQueryBuilder(ComposeOrmEntity, 'c');
  }

  async getById(id: number, opts: { lock?: boolean } = {}): Promise<Compose> {
    const found = await this.findById(id, opts);
    if (!found) throw new ComposeNotFoundError();
    return found;
  }

  async findById(id: number, opts: { lock?: boolean; states?: ComposeState[] } = {}): Promise<Compose | null> {
    const q = this.query().where('c.id = :id', { id });
    if (opts.states) q.andWhere('c.state IN (:...states)', { states: opts.states.map((s) => S[s]) });
    if (opts.lock) q.setLock('pessimistic_write');
    const row = await q.getOne();
    return row ? rowToCompose(row) : null;
  }

  async lockReuseGroup(id: number): Promise<Compose[]> {
    const rows = await this.query()
      .where('c.id = :id OR c.reused_id = :id OR c.id = (SELECT r.reused_id FROM composes r WHERE r.id = :id)', { id })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    return rows.map(rowToCompose);
  }

  async findReusing(id: number, opts: { lock?: boolean } = {}): Promise<Compose[]> {
    const q = this.query().where('c.reused_id = :id', { id }).orderBy('c.id', 'ASC');
    if (opts.lock) q.setLock('pessimistic_write');
    return (await q.getMany()).map(rowToCompose);
  }

  async insert(compose: Compose, renewedFromId?: number): Promise<void> {
    const [{ id }] = await this.manager.query<[{ id: number }]>(`SELECT nextval('composes_id_seq')::int AS id`);
    compose.assignId(id, renewedFromId);
    await this.manager.insert(ComposeOrmEntity, toRow(compose.snapshot()));
    compose.markPersisted();
    await this.appendEvents(compose);
  }

  private async appendEvents(compose: Compose): Promise<void> {
    const events = await this.outbox.append(this.manager, compose);
    if (events.length) this.wroteOutbox = true;
    for (const e of events) if (e instanceof ComposeStateChangedEvent) this.stateChanges.push(e);
  }

  async save(...composes: Compose[]): Promise<void> {
    for (const compose of composes) {
      const expected = compose.expectedPersistedState;
      if (expected === null) throw new Error(`Compose ${compose.id} was never stored; use insert()`);
      const { id, ...row } = toRow(compose.snapshot());
      const result = await this.manager
        .createQueryBuilder()
        .update(ComposeOrmEntity)
        .set(row)
        .where('id = :id AND state = :expected', { id, expected: S[expected] })
        .execute();
      if (result.affected !== 1) throw new ConcurrentComposeUpdateError(compose.id, expected);
      compose.markPersisted();
      await this.appendEvents(compose);
    }
  }

  async claim(where: ClaimCriteria, limit: number): Promise<Compose[]> {
    const q = this.query();
    switch (where.kind) {
      case 'waiting':
        q.where('c.state = :s', { s: S.wait });
        if (where.ids) q.andWhere('c.id IN (:...ids)', { ids: where.ids.length ? where.ids : [-1] });
        if (where.excludeIds?.length) q.andWhere('c.id NOT IN (:...excludeIds)', { excludeIds: where.excludeIds });
        q.orderBy('c.id', 'ASC');
        break;
      case 'expired':
        q.where('c.state IN (:...s)', { s: [S.done, S.failed] }).andWhere('c.time_to_expire <= :now', { now: where.now });
        if (where.ids) q.andWhere('c.id IN (:...ids)', { ids: where.ids.length ? where.ids : [-1] });
        q.orderBy('c.time_to_expire', 'ASC');
        break;
      case 'lease-lapsed':
        q.where('c.state = :s', { s: S.generating }).andWhere('c.lease_expires_at < :now', { now: where.now });
        q.orderBy('c.id', 'ASC');
        break;
      case 'waiting-since':
        q.where('c.state = :s', { s: S.wait }).andWhere('c.time_submitted < :before', { before: where.before });
        q.orderBy('c.id', 'ASC');
        break;
      case 'reusing-finished':
        q.where('c.state = :s', { s: S.generating })
          .andWhere('c.reused_id IS NOT NULL')
          .andWhere('EXISTS (SELECT 1 FROM composes r WHERE r.id = c.reused_id AND r.state IN (:...fin))', {
            fin: [S.done, S.failed, S.removed],
          });
        q.orderBy('c.id', 'ASC');
        break;
    }
    q.limit(limit).setLock('pessimistic_write').setOnLocked('skip_locked');
    return (await q.getMany()).map(rowToCompose);
  }

  async findReuseCandidates(compose: Compose): Promise<Compose[]> {
    const c = compose.snapshot();
    const base = () =>
      this.query()
        .where('c.source_type = :t', { t: SOURCE_TYPES[c.sourceType] })
        .andWhere('c.id < :id', { id: c.id })
        .andWhere('c.reused_id IS NULL')
        .andWhere('c.source = :source', { source: c.source });
    const done = await base().andWhere('c.state = :s', { s: S.done }).orderBy('c.id', 'DESC').limit(50).getMany();
    const generating = await base()
      .andWhere('c.state = :s', { s: S.generating })
      .andWhere('c.state_reason = :r', { r: REASON_GENERATING })
      .orderBy('c.id', 'ASC')
      .limit(50)
      .getMany();
    return [...done, ...generating].map(rowToCompose);
  }

  async tryAdvisoryLock(key: string): Promise<boolean> {
    const [row] = await this.manager.query<[{ locked: boolean }]>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [key]);
    return row.locked;
  }
}
