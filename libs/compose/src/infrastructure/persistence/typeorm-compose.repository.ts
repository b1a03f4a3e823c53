import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PreparedPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
  query(q: { name: string; text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }>;
}
import type { ComposeProps } from '../../domain/compose-props.js';
import { sourceTypeFromCode, SOURCE_TYPES, type SourceType } from '../../domain/compose-enums.js';
import { type ComposeState, stateFromCode, STATE_CODES } from '../../domain/compose-state.js';
import type {
  ComposeFilter,
  ComposeRepository,
  ComposeTransaction,
  ListComposesCriteria,
  ListedRow,
  OrderKey,
} from '../../application/ports/compose.repository.js';
import { OutboxNotifier } from '../outbox/outbox.notifier.js';
import { OutboxWriter } from '../outbox/outbox.writer.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';
import { composeFromRow, composeJsonArray, listedComposeFromRow } from './compose-row.js';
import { TypeOrmComposeTransaction } from './typeorm-compose.transaction.js';
import { ComposeInsertBatcher } from './compose-insert.batcher.js';

const MAX_ATTEMPTS = 5;
const FIND_BY_ID = `SELECT ${composeJsonArray({ detailed: true })} AS compose FROM composes c WHERE c.id = $1`;
/** A listed compose of table alias `c`: id, row version, and its JSON array unless only versions are asked for. */
const listedRowSql = (versionsOnly: boolean): string =>
  `c.id, c.xmin::text AS version, ${versionsOnly ? 'NULL::text' : composeJsonArray({ detailed: false })} AS compose`;
const FIND_LISTED = `SELECT ${listedRowSql(false)} FROM composes c WHERE c.id = ANY($1::int[])`;

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

/** The page of rows whose columns from `at` on are listedRowSql's (id NULL past the end of the list). */
const listedRows = (rows: unknown[][], at: number): ListedRow[] =>
  rows.flatMap((r) => {
    if (r[at] === null) return [];
    const row: ListedRow = { id: Number(r[at]), version: r[at + 1] as string };
    if (r[at + 2] !== null) row.compose = listedComposeFromRow(r[at + 2] as string);
    return [row];
  });

@Injectable()
export class TypeOrmComposeRepository implements ComposeRepository {
  private readonly log = new Logger('ComposeState');
  private idsHaveGaps = false;
  private readonly statementNames = new Map<string, string>();

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
        const tx = new TypeOrmComposeTransaction(runner, this.outbox, this.batcher());
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
    const [row] = await this.readQuery(FIND_BY_ID, [id], ['compose']);
    return row ? composeFromRow(row[0] as string) : null;
  }

  async list(criteria: ListComposesCriteria, opts: { versionsOnly?: boolean } = {}): Promise<{ page: ListedRow[]; total: number }> {
    const f = criteria.filter;
    const versionsOnly = opts.versionsOnly ?? false;
    if (criteria.limit > 0 && !this.idsHaveGaps && criteria.orderBy === 'id' && Object.values(f).every((v) => v === undefined)) {
      const page = await this.denseIdPage(criteria, versionsOnly);
      if (page) return page;
    }
    // One round trip, as a prepared statement of a few shapes (the filters given, the order,
    // versions only or not): page through ids only (index-only for the default order), join the
    // page's rows, and the total, from compose_counts or compose_owner_counts when only
    // state/source_type, or only owner, filter the list.
    const params: unknown[] = [];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.owner !== undefined) where.push(`c.owner = ${p(f.owner)}`);
    // One value is compared as a scalar: the statement's plan can then walk (source_type, state, id) in order.
    const oneOf = (column: string, codes: number[]): string =>
      codes.length === 1 ? `${column} = ${p(codes[0])}::int` : `${column} = ANY(${p(codes)}::int[])`;
    const typeCodes = f.sourceTypes?.map((t) => SOURCE_TYPES[t]);
    if (typeCodes) where.push(oneOf('c.source_type', typeCodes));
    if (f.source !== undefined) where.push(`c.source = ${p(f.source)}`);
    if (f.sourceContains !== undefined) {
      where.push(`c.source ILIKE ${p(`%${f.sourceContains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)} ESCAPE '\\'`);
    }
    const stateCodes = f.states?.map((st) => STATE_CODES[st]);
    if (stateCodes) where.push(oneOf('c.state', stateCodes));
    if (f.kojiTaskId !== undefined) where.push(`c.koji_task_id = ${p(f.kojiTaskId)}`);
    if (f.pungiComposeId !== undefined) where.push(`c.pungi_compose_id = ${p(f.pungiComposeId)}`);
    if (f.composeType !== undefined) where.push(`c.compose_type = ${p(f.composeType)}`);
    if (f.label !== undefined) where.push(`c.label = ${p(f.label)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [column, nullable] = ORDER_COLUMNS[criteria.orderBy];
    const direction = criteria.descending ? 'DESC' : 'ASC';
    // NULLS is spelled out only for nullable columns, so that id/state/... orders can walk their index.
    let order = `${column} ${direction}${nullable ? (criteria.descending ? ' NULLS LAST' : ' NULLS FIRST') : ''}`;
    if (criteria.orderBy !== 'id') order += `, c.id ${direction}`;
    const counted = this.countedTotalSql(f, params.length + 1);
    const total = counted ? `(${counted.sql})` : `(SELECT count(*)::int FROM composes c ${whereSql})`;
    params.push(...(counted?.params ?? []));
    // The page's rows are visited one by one by id (LATERAL … OFFSET 0): a generic plan, which does
    // not know LIMIT's value, would otherwise hash-join the page against the whole table.
    const sql =
      `SELECT t.n AS odcs_total, x.* FROM (SELECT ${total} AS n) t ` +
      `LEFT JOIN (SELECT id, row_number() OVER () AS odcs_ord FROM (SELECT c.id FROM composes c ${whereSql} ORDER BY ${order} ` +
      `LIMIT ${p(criteria.limit)} OFFSET ${p(criteria.offset)}) ids) p ON true ` +
      `LEFT JOIN LATERAL (SELECT ${listedRowSql(versionsOnly)} FROM composes c WHERE c.id = p.id OFFSET 0) x ON true ` +
      `ORDER BY p.odcs_ord`;
    // A page past the end is one row: the total, with no compose (x.id NULL).
    const rows = await this.readQuery(sql, params, ['odcs_total', 'id', 'version', 'compose']);
    return { page: listedRows(rows, 1), total: Number(rows[0]?.[0] ?? 0) };
  }

  async findListed(ids: readonly number[]): Promise<Required<ListedRow>[]> {
    if (ids.length === 0) return [];
    const found = new Map(listedRows(await this.readQuery(FIND_LISTED, [ids], ['id', 'version', 'compose']), 0).map((r) => [r.id, r]));
    return ids.flatMap((id) => (found.get(id) as Required<ListedRow> | undefined) ?? []);
  }

  /**
   * The read path's SQL is one of a few shapes, run very often: as a named prepared statement,
   * PostgreSQL plans it once per connection instead of on every request. Rows come as arrays of
   * the `columns` selected (named for a driver without a pool, whose rows are objects).
   */
  private async readQuery(text: string, values: unknown[], columns: readonly string[]): Promise<unknown[][]> {
    const pool = this.pool();
    if (!pool) {
      const rows = await this.ds.query<Record<string, unknown>[]>(text, values);
      return rows.map((r) => columns.map((c) => r[c] ?? null));
    }
    return (await pool.query({ name: this.statementName(text), text, values, rowMode: 'array' })).rows;
  }

  private pool(): PreparedPool | undefined {
    const pool = (this.ds.driver as unknown as { master?: PreparedPool }).master;
    return pool?.query ? pool : undefined;
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (!name) this.statementNames.set(text, (name = `odcs_read_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    return name;
  }

  private insertBatcher: ComposeInsertBatcher | null | undefined;

  /** Group commit of creates over the pool (none on a driver without one). */
  private batcher(): ComposeInsertBatcher | undefined {
    if (this.insertBatcher === undefined) {
      const pool = this.pool();
      this.insertBatcher = pool ? new ComposeInsertBatcher(pool, this.outbox) : null;
    }
    return this.insertBatcher ?? undefined;
  }

  /**
   * The exact total from compose_counts when only state/source_type filter the list, or from
   * compose_owner_counts when only owner does.
   */
  private countedTotalSql(f: ComposeFilter, firstParam: number): { sql: string; params: unknown[] } | null {
    const given = Object.entries(f)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    const a = firstParam;
    if (given.length === 1 && given[0] === 'owner') {
      return { sql: `SELECT COALESCE((SELECT n FROM compose_owner_counts WHERE owner = $${a}), 0)::int AS n`, params: [f.owner] };
    }
    if (!given.every((k) => k === 'states' || k === 'sourceTypes')) return null;
    return {
      sql: `SELECT COALESCE(sum(n), 0)::int AS n FROM compose_counts WHERE ($${a}::int[] IS NULL OR state = ANY($${a})) AND ($${a + 1}::int[] IS NULL OR source_type = ANY($${a + 1}))`,
      params: [f.states?.map((s) => STATE_CODES[s]) ?? null, f.sourceTypes?.map((t) => SOURCE_TYPES[t]) ?? null],
    };
  }

  /**
   * Paging through all composes by id: while ids have no gaps (rows are never deleted; a gap needs a
   * rolled-back insert), page N is an id range, found without scanning the offset. Null when there are gaps.
   */
  private async denseIdPage(c: ListComposesCriteria, versionsOnly: boolean): Promise<{ page: ListedRow[]; total: number } | null> {
    // One statement: the id bounds and the total, and the rows of the page's id range when the ids are dense.
    const range = c.descending
      ? `c.id BETWEEN greatest(b.lo, b.hi - $1 - $2 + 1) AND b.hi - $1`
      : `c.id BETWEEN b.lo + $1 AND least(b.hi, b.lo + $1 + $2 - 1)`;
    const rows = await this.readQuery(
      `WITH b AS (SELECT min(id)::bigint AS lo, max(id)::bigint AS hi, (SELECT COALESCE(sum(n), 0)::bigint FROM compose_counts) AS total FROM composes)
       SELECT b.lo AS odcs_lo, b.hi AS odcs_hi, b.total AS odcs_total, ${listedRowSql(versionsOnly)} FROM b
       LEFT JOIN composes c ON b.hi - b.lo + 1 = b.total AND ${range}
       ORDER BY c.id ${c.descending ? 'DESC' : 'ASC'}`,
      [c.offset, c.limit],
      ['odcs_lo', 'odcs_hi', 'odcs_total', 'id', 'version', 'compose'],
    );
    const b = rows[0];
    const [lo, hi, total] = [Number(b?.[0] ?? 0), Number(b?.[1] ?? 0), Number(b?.[2] ?? 0)];
    if (total === 0) return null;
    if (hi - lo + 1 !== total) {
      this.idsHaveGaps = true; // rows are never deleted, so a gap stays: stop probing on every request
      return null;
    }
    return { page: listedRows(rows, 3), total };
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
