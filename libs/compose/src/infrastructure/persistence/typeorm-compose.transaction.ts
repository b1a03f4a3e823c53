import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { Compose, REASON_GENERATING } from '../../domain/compose.js';
import { ComposeNotFoundError, ConcurrentComposeUpdateError } from '../../domain/compose.errors.js';
import { SOURCE_TYPES } from '../../domain/compose-enums.js';
import { type ComposeState, STATE_CODES } from '../../domain/compose-state.js';
import type { ClaimCriteria, ComposeTransaction } from '../../application/ports/compose.repository.js';
import type { OutboxWriter } from '../outbox/outbox.writer.js';
import { ComposeStateChangedEvent } from '../../domain/events/index.js';
import { OUTBOX_CHANNEL } from '../outbox/outbox-wake-up.listener.js';
import { rowToCompose, toRow } from './compose.mapper.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';
import type { ComposeInsertBatcher } from './compose-insert.batcher.js';

const S = STATE_CODES;
/** Stands for a new compose's id in its outbox payloads until SQL knows it (never a real id: ids are int4). */
const ID_PLACEHOLDER = Number.MIN_SAFE_INTEGER;
let COLUMNS: { propertyName: string; databaseName: string; type: string }[] | undefined;
/** Prepared statement names of the insert's few shapes (which columns are set, how many events). */
const STATEMENT_NAMES = new Map<string, string>();

interface PgClient {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * One unit of work on its own connection. The database transaction begins with the first operation
 * (START TRANSACTION), except when that operation is insert(): a create is then one statement (the id,
 * the row, its outbox rows and the NOTIFY; shared with concurrent creates by the batcher), atomic on its
 * own and committed at once, so nothing may follow it in the same unit of work (a later operation
 * throws; creating handlers end with the insert).
 */
export class TypeOrmComposeTransaction implements ComposeTransaction {
  wroteOutbox = false;
  /** State changes written in this transaction (logged once it commits). */
  readonly stateChanges: ComposeStateChangedEvent[] = [];
  private committedAlone = false;
  private readonly manager: EntityManager;

  constructor(
    private readonly runner: QueryRunner,
    private readonly outbox: OutboxWriter,
    /** Group commit of lone inserts (none: each runs on the unit of work's own connection). */
    private readonly batcher?: ComposeInsertBatcher,
  ) {
    this.manager = runner.manager;
  }

  /** Begins the database transaction if the unit of work has none yet. */
  private async open(): Promise<void> {
    if (this.committedAlone) throw new Error('A unit of work that began with insert() was committed by it; nothing may follow the insert');
    if (!this.runner.isTransactionActive) await this.runner.startTransaction();
  }

  private query(): SelectQueryBuilder<ComposeOrmEntity> {
    return this.manager.createQueryBuilder(ComposeOrmEntity, 'c');
  }

  async getById(id: number, opts: { lock?: boolean } = {}): Promise<Compose> {
    const found = await this.findById(id, opts);
    if (!found) throw new ComposeNotFoundError();
    return found;
  }

  async findById(id: number, opts: { lock?: boolean; states?: ComposeState[] } = {}): Promise<Compose | null> {
    await this.open();
    const q = this.query().where('c.id = :id', { id });
    if (opts.states) q.andWhere('c.state IN (:...states)', { states: opts.states.map((s) => S[s]) });
    if (opts.lock) q.setLock('pessimistic_write');
    const row = await q.getOne();
    return row ? rowToCompose(row) : null;
  }

  async lockReuseGroup(id: number): Promise<Compose[]> {
    await this.open();
    const rows = await this.query()
      .where('c.id = :id OR c.reused_id = :id OR c.id = (SELECT r.reused_id FROM composes r WHERE r.id = :id)', { id })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    return rows.map(rowToCompose);
  }

  async findReusing(id: number, opts: { lock?: boolean } = {}): Promise<Compose[]> {
    await this.open();
    const q = this.query().where('c.reused_id = :id', { id }).orderBy('c.id', 'ASC');
    if (opts.lock) q.setLock('pessimistic_write');
    return (await q.getMany()).map(rowToCompose);
  }

  async insert(compose: Compose, renewedFromId?: number): Promise<void> {
    if (this.committedAlone) await this.open(); // throws
    const alone = !this.runner.isTransactionActive;
    // The events as they will be, on a copy holding a placeholder id: the outbox rows are written by the same statement.
    const draft = (): Compose => {
      const copy = Compose.restore(compose.snapshot());
      copy.assignId(ID_PLACEHOLDER, renewedFromId);
      return copy;
    };
    const row = toRow(compose.snapshot()) as unknown as Record<string, unknown>; // its id is not inserted
    const columns: { name: string; type: string }[] = [];
    const values: unknown[] = [];
    for (const col of this.composeColumns()) {
      const value = row[col.propertyName];
      if (col.databaseName === 'id' || value === undefined) continue; // undefined: the column's default
      values.push(value);
      columns.push({ name: col.databaseName, type: col.type });
    }
    let id: number;
    if (alone && this.batcher) {
      id = await this.batcher.insert({ columns, values, draft, placeholderId: ID_PLACEHOLDER });
    } else {
      const params = [...values];
      const outboxRows = this.outbox.rowsOfInsert(draft(), ID_PLACEHOLDER, 'c.id', 'c', params);
      const text =
        `WITH c AS (INSERT INTO composes (id, ${columns.map((c) => `"${c.name}"`).join(', ')}) ` +
        `VALUES (nextval('composes_id_seq')::int, ${values.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id), ` +
        `o AS (INSERT INTO outbox_messages (compose_id, type, payload, occurred_at) ${outboxRows}) ` +
        `SELECT c.id, pg_notify('${OUTBOX_CHANNEL}', '') FROM c`;
      const client = (await this.runner.connect()) as PgClient;
      let name = STATEMENT_NAMES.get(text);
      if (!name) STATEMENT_NAMES.set(text, (name = `odcs_insert_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
      const { rows } = await client.query({ name, text, values: params });
      id = Number(rows[0]!['id']);
    }
    if (alone) this.committedAlone = true;
    compose.assignId(id, renewedFromId);
    compose.markPersisted();
    for (const e of compose.pullEvents()) if (e instanceof ComposeStateChangedEvent) this.stateChanges.push(e);
    this.wroteOutbox = true;
  }

  private composeColumns(): { propertyName: string; databaseName: string; type: string }[] {
    return (COLUMNS ??= this.manager.connection
      .getMetadata(ComposeOrmEntity)
      .columns.map((c) => ({ propertyName: c.propertyName, databaseName: c.databaseName, type: String(c.type) })));
  }

  private async appendEvents(compose: Compose): Promise<void> {
    const events = await this.outbox.append(this.manager, compose);
    if (events.length) this.wroteOutbox = true;
    for (const e of events) if (e instanceof ComposeStateChangedEvent) this.stateChanges.push(e);
  }

  async save(...composes: Compose[]): Promise<void> {
    await this.open();
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
    await this.open();
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
    await this.open();
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
    await this.open();
    const [row] = await this.manager.query<[{ locked: boolean }]>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [key]);
    return row.locked;
  }
}
