import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { ComposeProps } from '../../domain/compose-props.js';
import { sourceTypeFromCode, SOURCE_TYPES, type SourceType } from '../../domain/compose-enums.js';
import { type ComposeState, stateFromCode, STATE_CODES } from '../../domain/compose-state.js';
import type { ComposeFilter, ComposeRepository, ComposeTransaction, ListComposesCriteria, OrderKey } from '../../application/ports/compose.repository.js';
import { OutboxNotifier } from '../outbox/outbox.notifier.js';
import { OutboxWriter } from '../outbox/outbox.writer.js';
import { toProps } from './compose.mapper.js';
import { ComposeOrmEntity } from './compose.orm-entity.js';
import { TypeOrmComposeTransaction } from './typeorm-compose.transaction.js';

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
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly notifier: OutboxNotifier,
  ) {}

  async transaction<T>(work: (tx: ComposeTransaction) => Promise<T>): Promise<T> {
    let tx: TypeOrmComposeTransaction | null = null;
    const result = await this.ds.transaction((manager) => work((tx = new TypeOrmComposeTransaction(manager, this.outbox))));
    if ((tx as TypeOrmComposeTransaction | null)?.wroteOutbox) this.notifier.nudge();
    return result;
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
    if (f.states) q.andWhere('c.state IN (:...states)', { states: f.states.map((s) => STATE_CODES[s]) });
    if (f.kojiTaskId !== undefined) q.andWhere('c.koji_task_id = :task', { task: f.kojiTaskId });
    if (f.pungiComposeId !== undefined) q.andWhere('c.pungi_compose_id = :pci', { pci: f.pungiComposeId });
    if (f.composeType !== undefined) q.andWhere('c.compose_type = :ct', { ct: f.composeType });
    if (f.label !== undefined) q.andWhere('c.label = :label', { label: f.label });
    const total = await this.count(q, f);
    if (criteria.limit === 0 || criteria.offset >= total) return { items: [], total };
    const [column, nullable] = ORDER_COLUMNS[criteria.orderBy];
    const direction = criteria.descending ? 'DESC' : 'ASC';
    // NULLS is spelled out only for nullable columns, so that id/state/... orders can walk their index.
    q.orderBy(column, direction, nullable ? (criteria.descending ? 'NULLS LAST' : 'NULLS FIRST') : undefined);
    if (criteria.orderBy !== 'id') q.addOrderBy('c.id', direction);
    // Deferred join: page through ids only (index-only for the default order), then load 'limit' rows.
    const ids = ((await q.offset(criteria.offset).limit(criteria.limit).getRawMany()) as { id: number }[]).map((r) => r.id);
    const rows = await this.ds.getRepository(ComposeOrmEntity).findBy({ id: In(ids) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((id) => toProps(byId.get(id)!)), total };
  }

  /** Exact total: from compose_counts when only state/source_type filter, else COUNT(*). */
  private async count(q: SelectQueryBuilder<ComposeOrmEntity>, f: ComposeFilter): Promise<number> {
    const onlyCounted = Object.entries(f).every(([k, v]) => v === undefined || k === 'states' || k === 'sourceTypes');
    if (onlyCounted) {
      const [row] = (await this.ds.query(
        `SELECT COALESCE(sum(n), 0)::int AS n FROM compose_counts WHERE ($1::int[] IS NULL OR state = ANY($1)) AND ($2::int[] IS NULL OR source_type = ANY($2))`,
        [f.states?.map((s) => STATE_CODES[s]) ?? null, f.sourceTypes?.map((t) => SOURCE_TYPES[t]) ?? null],
      )) as [{ n: number }];
      return row.n;
    }
    const raw = (await q.clone().select('COUNT(*)::int', 'n').orderBy().getRawOne()) as { n: number };
    return raw.n;
  }

  async countByTypeAndState(): Promise<{ sourceType: SourceType; state: ComposeState; count: number }[]> {
    const rows = (await this.ds.query(`SELECT source_type, state, n::int AS n FROM compose_counts`)) as {
      source_type: number;
      state: number;
      n: number;
    }[];
    return rows.map((r) => ({ sourceType: sourceTypeFromCode(r.source_type), state: stateFromCode(r.state), count: r.n }));
  }

  async liveComposeIds(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = (await this.ds.query(
      `SELECT id FROM composes WHERE id = ANY($1::int[]) AND state <> $2
       UNION SELECT reused_id FROM composes WHERE reused_id = ANY($1::int[]) AND state <> $2`,
      [ids, STATE_CODES.removed],
    )) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  async isPungiComposeIdTaken(id: string): Promise<boolean> {
    return (await this.ds.getRepository(ComposeOrmEntity).countBy({ pungiComposeId: id })) > 0;
  }
}
