import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, SelectQueryBuilder } from 'typeorm';

interface PreparedPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}
import type { ComposeProps } from '../../domain/compose-props.js';
import { sourceTypeFromCode, SOURCE_TYPES, type SourceType } from '../../domain/compose-enums.js';
import { type ComposeState, stateFromCode, STATE_CODES } from '../../domain/compose-state.js';
import type {
  ComposeFilter,
  ComposeRepository,
  ComposeTransaction,
  ListComposesCriteria,
  OrderKey,
} from '../../application/ports/compose.repository.js';
import { OutboxNotifier } from '../outbox/outbox.notifier.js';
import { OutboxWriter } from '../outbox/outbox.writer.js';
import { toProps } from './compose.mapper.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';
import { TypeOrmComposeTransaction } from './typeorm-compose.transaction.js';

const MAX_ATTEMPTS = 5;

/** Column and whether it can hold NULL. */
const ORDER_COLUMNS: Record<OrderKey, [string, boolean]> = {
  id: ['c.id', false],
  owner: ['c.owner', false],
  source_type: ['c.source_type', false],
  koji_event: ['c.koji_event', true],
  state: ['c.state', false],
  time_to_expire: ['c.time_to_expire', false],
  time_submitted: ['c.time_submitted', false],
  time_done: ['c.time_done', true],
  time_removed: ['c.time_removed', true],
};

@Injectable()
export class TypeOrmComposeRepository implements ComposeRepository {
  private readonly log = new Logger('ComposeState');
  private columns: { propertyName: string; databaseName: string }[] | undefined;
  private idsHaveGaps = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly notifier: OutboxNotifier,
  ) {}

  /**
   * Runs `work` as one unit of work (see TypeOrmComposeTransaction: the transaction begins with its first
   * operation, and a unit of work that only inserts is a single statement); a deadlock or serialization
   * failure is retried (the work re-reads what it needs).
   */
  async transaction<T>(work: (tx: ComposeTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const runner = this.ds.createQueryRunner();
      try {
        const tx = new TypeOrmComposeTransaction(runner, this.outbox);
        const result = await work(tx);
        if (runner.isTransactionActive) await runner.commitTransaction();
        if (tx.wroteOutbox) this.notifier.nudge();
        for (const c of tx.stateChanges) {
          this.log.log({
            compose_id: c.composeId,
            from: c.from,
            to: c.to,
            reason: c.reason,
            msg: `compose ${c.composeId}: ${c.from ?? 'new'} → ${c.to}`,
          });
        }
        return result;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const code = (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || (code !== '40P01' && code !== '40001')) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      } finally {
        await runner.release();
      }
    }
  }

  async findById(id: number): Promise<ComposeProps | null> {
    const row = await this.ds.getRepository(ComposeOrmEntity).findOneBy({ id });
    return row ? toProps(row) : null;
  }

  async list(criteria: ListComposesCriteria): Promise<{ items: ComposeProps[]; total: number }> {
    const f = criteria.filter;
    const q = this.ds.getRepository(ComposeOrmEntity).createQueryBuilder('c').select('c.id', 'id');
    if (f.owner !== undefined) q.andWhere('c.owner = :owner', { owner: f.owner });
    if (f.sourceTypes) q.andWhere('c.source_type IN (:...types)', { types: f.sourceTypes.map((t) => SOURCE_TYPES[t]) });
    if (f.source !== undefined) q.andWhere('c.source = :source', { source: f.source });
    if (f.sourceContains !== undefined) {
      q.andWhere(`c.source ILIKE :like ESCAPE '\\'`, { like: `%${f.sourceContains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` });
    }
    if (f.states) q.andWhere('c.state IN (:...states)', { states: f.states.map((s) => STATE_CODES[s]) });
    if (f.kojiTaskId !== undefined) q.andWhere('c.koji_task_id = :task', { task: f.kojiTaskId });
    if (f.pungiComposeId !== undefined) q.andWhere('c.pungi_compose_id = :pci', { pci: f.pungiComposeId });
    if (f.composeType !== undefined) q.andWhere('c.compose_type = :ct', { ct: f.composeType });
    if (f.label !== undefined) q.andWhere('c.label = :label', { label: f.label });
    if (criteria.limit === 0) return { items: [], total: await this.count(q, f) };
    if (!this.idsHaveGaps && criteria.orderBy === 'id' && Object.values(f).every((v) => v === undefined)) {
      const page = await this.denseIdPage(criteria);
      if (page) return page;
    }
    const [column, nullable] = ORDER_COLUMNS[criteria.orderBy];
    const direction = criteria.descending ? 'DESC' : 'ASC';
    // NULLS is spelled out only for nullable columns, so that id/state/... orders can walk their index.
    q.orderBy(column, direction, nullable ? (criteria.descending ? 'NULLS LAST' : 'NULLS FIRST') : undefined);
    if (criteria.orderBy !== 'id') q.addOrderBy('c.id', direction);
    q.offset(criteria.offset).limit(criteria.limit);
    // One round trip: page through ids only (index-only for the default order), join the page's rows,
    // and take the total from compose_counts when the filter allows it.
    const [idsSql, params] = q.getQueryAndParameters();
    const counted = this.countedTotalSql(f, params.length + 1);
    const sql = `SELECT c.*, ${counted ? `(${counted.sql})` : 'NULL::int'} AS odcs_total
      FROM (SELECT id, row_number() OVER () AS odcs_ord FROM (${idsSql}) ids) p JOIN composes c ON c.id = p.id ORDER BY p.odcs_ord`;
    const raw = await this.preparedQuery(sql, [...(params as unknown[]), ...(counted?.params ?? [])]);
    const items = raw.map((r) => toProps(this.fromRaw(r)));
    const total = counted ? (raw.length ? Number(raw[0]!['odcs_total']) : await this.count(q, f)) : await this.count(q, f);
    return { items, total };
  }

  /**
   * The list's SQL is one of a few shapes, run very often: as a named prepared statement,
   * PostgreSQL plans it once per connection instead of on every request.
   */
  private async preparedQuery(text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    const pool = (this.ds.driver as unknown as { master?: PreparedPool }).master;
    if (!pool?.query) return this.ds.query<Record<string, unknown>[]>(text, values);
    const name = `odcs_list_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    return (await pool.query({ name, text, values })).rows;
  }

  /** A raw `composes` row (database column names) as the ORM entity. */
  private fromRaw(row: Record<string, unknown>): ComposeOrmEntity {
    const entity = new ComposeOrmEntity();
    this.columns ??= this.ds
      .getMetadata(ComposeOrmEntity)
      .columns.map((c) => ({ propertyName: c.propertyName, databaseName: c.databaseName }));
    for (const col of this.columns) {
      (entity as unknown as Record<string, unknown>)[col.propertyName] = row[col.databaseName];
    }
    return entity;
  }

  /** The exact total from compose_counts, when only state/source_type filter the list. */
  private countedTotalSql(f: ComposeFilter, firstParam: number): { sql: string; params: unknown[] } | null {
    const onlyCounted = Object.entries(f).every(([k, v]) => v === undefined || k === 'states' || k === 'sourceTypes');
    if (!onlyCounted) return null;
    const a = firstParam;
    return {
      sql: `SELECT COALESCE(sum(n), 0)::int AS n FROM compose_counts WHERE ($${a}::int[] IS NULL OR state = ANY($${a})) AND ($${a + 1}::int[] IS NULL OR source_type = ANY($${a + 1}))`,
      params: [f.states?.map((s) => STATE_CODES[s]) ?? null, f.sourceTypes?.map((t) => SOURCE_TYPES[t]) ?? null],
    };
  }

  /**
   * Paging through all composes by id: while ids have no gaps (rows are never deleted; a gap needs a
   * rolled-back insert), page N is an id range, found without scanning the offset. Null when there are gaps.
   */
  private async denseIdPage(c: ListComposesCriteria): Promise<{ items: ComposeProps[]; total: number } | null> {
    const [b] = await this.preparedQuery(
      `SELECT min(id)::bigint AS lo, max(id)::bigint AS hi, (SELECT COALESCE(sum(n), 0)::bigint FROM compose_counts) AS total FROM composes`,
      [],
    );
    const [lo, hi, total] = [Number(b?.['lo'] ?? 0), Number(b?.['hi'] ?? 0), Number(b?.['total'] ?? 0)];
    if (total === 0) return null;
    if (hi - lo + 1 !== total) {
      this.idsHaveGaps = true; // rows are never deleted, so a gap stays: stop probing on every request
      return null;
    }
    if (c.offset >= total) return { items: [], total };
    const [from, to] = c.descending
      ? [Math.max(lo, hi - c.offset - c.limit + 1), hi - c.offset]
      : [lo + c.offset, Math.min(hi, lo + c.offset + c.limit - 1)];
    const rows = await this.preparedQuery(
      `SELECT * FROM composes WHERE id BETWEEN $1 AND $2 ORDER BY id ${c.descending ? 'DESC' : 'ASC'}`,
      [from, to],
    );
    return { items: rows.map((r) => toProps(this.fromRaw(r))), total };
  }

  /** Exact total of a filtered list. */
  private async count(q: SelectQueryBuilder<ComposeOrmEntity>, f: ComposeFilter): Promise<number> {
    const counted = this.countedTotalSql(f, 1);
    if (counted) return (await this.ds.query<[{ n: number }]>(counted.sql, counted.params))[0].n;
    const raw = (await q.clone().select('COUNT(*)::int', 'n').orderBy().offset(undefined).limit(undefined).getRawOne()) as { n: number };
    return raw.n;
  }

  async countByTypeAndState(): Promise<{ sourceType: SourceType; state: ComposeState; count: number }[]> {
    const rows = await this.ds.query<{ source_type: number; state: number; n: number }[]>(
      `SELECT source_type, state, n::int AS n FROM compose_counts`,
    );
    return rows.map((r) => ({ sourceType: sourceTypeFromCode(r.source_type), state: stateFromCode(r.state), count: r.n }));
  }

  async liveComposeIds(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.ds.query<{ id: number }[]>(
      `SELECT id FROM composes WHERE id = ANY($1::int[]) AND state <> $2
       UNION SELECT reused_id FROM composes WHERE reused_id = ANY($1::int[]) AND state <> $2`,
      [ids, STATE_CODES.removed],
    );
    return new Set(rows.map((r) => r.id));
  }

  async isPungiComposeIdTaken(id: string): Promise<boolean> {
    return (await this.ds.getRepository(ComposeOrmEntity).countBy({ pungiComposeId: id })) > 0;
  }
}
