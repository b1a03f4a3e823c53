import type {
  ClaimCriteria,
  ComposeFilter,
  ComposeRepository,
  ComposeTransaction,
  ListComposesCriteria,
  ListedCompose,
  ListedRow,
  OrderKey,
} from '../application/ports/compose.repository.js';
import { Compose, REASON_GENERATING } from '../domain/compose.js';
import { SOURCE_TYPES, type SourceType } from '../domain/compose-enums.js';
import type { ComposeProps } from '../domain/compose-props.js';
import { type ComposeState, STATE_CODES } from '../domain/compose-state.js';
import { ComposeNotFoundError, ConcurrentComposeUpdateError } from '../domain/compose.errors.js';
import { type ComposeDomainEvent, eventType } from '../domain/events/index.js';

/** An event as the outbox holds it: in write order, with the compose it belongs to. */
export interface InMemoryOutboxMessage {
  id: number;
  composeId: number;
  type: string;
  event: ComposeDomainEvent;
}

type Rows = Map<number, ComposeProps>;

const byId = (a: ComposeProps, b: ComposeProps): number => a.id - b.id;

/** The row version: the compose as lists show it, so it changes whenever that does (as xmin does in PostgreSQL). */
const versionOf = (p: ListedCompose): string => JSON.stringify(p);

function listedRow({ pungiConfigDump: _, ...compose }: ComposeProps): Required<ListedRow> {
  return { id: compose.id, version: versionOf(compose), compose };
}

/** Sort key of a column as PostgreSQL compares it (states and source types by their codes). */
function sortValue(p: ComposeProps, key: OrderKey): number | string | null {
  switch (key) {
    case 'id':
      return p.id;
    case 'owner':
      return p.owner;
    case 'source_type':
      return SOURCE_TYPES[p.sourceType];
    case 'koji_event':
      return p.kojiEvent;
    case 'state':
      return STATE_CODES[p.state];
    case 'time_to_expire':
      return p.timeToExpire.getTime();
    case 'time_submitted':
      return p.timeSubmitted.getTime();
    case 'time_done':
      return p.timeDone?.getTime() ?? null;
    case 'time_removed':
      return p.timeRemoved?.getTime() ?? null;
  }
}

function matches(p: ComposeProps, f: ComposeFilter): boolean {
  if (f.owner !== undefined && p.owner !== f.owner) return false;
  if (f.sourceTypes && !f.sourceTypes.includes(p.sourceType)) return false;
  if (f.source !== undefined && p.source !== f.source) return false;
  if (f.sourceContains !== undefined && !p.source.toLowerCase().includes(f.sourceContains.toLowerCase())) return false;
  if (f.states && !f.states.includes(p.state)) return false;
  if (f.kojiTaskId !== undefined && p.kojiTaskId !== f.kojiTaskId) return false;
  if (f.pungiComposeId !== undefined && p.pungiComposeId !== f.pungiComposeId) return false;
  if (f.composeType !== undefined && p.composeType !== f.composeType) return false;
  if (f.label !== undefined && p.label !== f.label) return false;
  return true;
}

class InMemoryComposeTransaction implements ComposeTransaction {
  readonly written: Omit<InMemoryOutboxMessage, 'id'>[] = [];

  constructor(
    private readonly rows: Rows,
    private readonly nextId: () => number,
  ) {}

  private load(p: ComposeProps): Compose {
    return Compose.restore(p);
  }

  private select(where: (p: ComposeProps) => boolean): ComposeProps[] {
    return [...this.rows.values()].filter(where).sort(byId);
  }

  getById(id: number, opts: { lock?: boolean } = {}): Promise<Compose> {
    return this.findById(id, opts).then((c) => {
      if (!c) throw new ComposeNotFoundError();
      return c;
    });
  }

  findById(id: number, opts: { lock?: boolean; states?: ComposeState[] } = {}): Promise<Compose | null> {
    const p = this.rows.get(id);
    if (!p || (opts.states && !opts.states.includes(p.state))) return Promise.resolve(null);
    return Promise.resolve(this.load(p));
  }

  lockReuseGroup(id: number): Promise<Compose[]> {
    const reusedId = this.rows.get(id)?.reusedId ?? null;
    return Promise.resolve(this.select((p) => p.id === id || p.reusedId === id || p.id === reusedId).map((p) => this.load(p)));
  }

  findReusing(id: number): Promise<Compose[]> {
    return Promise.resolve(this.select((p) => p.reusedId === id).map((p) => this.load(p)));
  }

  insert(compose: Compose, renewedFromId?: number): Promise<void> {
    compose.assignId(this.nextId(), renewedFromId);
    this.rows.set(compose.id, compose.snapshot());
    compose.markPersisted();
    this.append(compose);
    return Promise.resolve();
  }

  save(...composes: Compose[]): Promise<void> {
    for (const compose of composes) {
      const expected = compose.expectedPersistedState;
      if (expected === null) return Promise.reject(new Error(`Compose ${compose.id} was never stored; use insert()`));
      if (this.rows.get(compose.id)?.state !== expected) return Promise.reject(new ConcurrentComposeUpdateError(compose.id, expected));
      this.rows.set(compose.id, compose.snapshot());
      compose.markPersisted();
      this.append(compose);
    }
    return Promise.resolve();
  }

  claim(where: ClaimCriteria, limit: number): Promise<Compose[]> {
    let found: ComposeProps[];
    switch (where.kind) {
      case 'waiting':
        found = this.select(
          (p) => p.state === 'wait' && (!where.ids || where.ids.includes(p.id)) && !(where.excludeIds ?? []).includes(p.id),
        );
        break;
      case 'expired':
        found = this.select((p) => this.load(p).isExpired(where.now) && (!where.ids || where.ids.includes(p.id))).sort(
          (a, b) => a.timeToExpire.getTime() - b.timeToExpire.getTime(),
        );
        break;
      case 'lease-lapsed':
        found = this.select((p) => p.state === 'generating' && p.leaseExpiresAt !== null && p.leaseExpiresAt < where.now);
        break;
      case 'waiting-since':
        found = this.select((p) => p.state === 'wait' && p.timeSubmitted < where.before);
        break;
      case 'reusing-finished':
        found = this.select((p) => {
          const reused = p.reusedId === null ? undefined : this.rows.get(p.reusedId);
          return p.state === 'generating' && reused !== undefined && ['done', 'failed', 'removed'].includes(reused.state);
        });
        break;
    }
    return Promise.resolve(found.slice(0, limit).map((p) => this.load(p)));
  }

  findReuseCandidates(compose: Compose): Promise<Compose[]> {
    const c = compose.snapshot();
    const alike = (p: ComposeProps) => p.sourceType === c.sourceType && p.id < c.id && p.reusedId === null && p.source === c.source;
    const done = this.select((p) => alike(p) && p.state === 'done')
      .reverse()
      .slice(0, 50);
    const generating = this.select((p) => alike(p) && p.state === 'generating' && p.stateReason === REASON_GENERATING).slice(0, 50);
    return Promise.resolve([...done, ...generating].map((p) => this.load(p)));
  }

  /** Transactions of this repository run one at a time: no other one can hold the lock. */
  tryAdvisoryLock(): Promise<boolean> {
    return Promise.resolve(true);
  }

  private append(compose: Compose): void {
    for (const event of compose.pullEvents()) this.written.push({ composeId: compose.id, type: eventType(event), event });
  }
}

/**
 * The compose repository in memory, for unit tests of the command handlers. It passes the same
 * contract suite as the TypeORM repository (compose-repository.contract.ts). Transactions run one
 * at a time on a copy of the rows, which replaces them on success and is dropped on failure; so
 * locks are always granted, and SKIP LOCKED never skips. Events saved with a compose land in
 * {@link outbox} when their transaction succeeds.
 */
export class InMemoryComposeRepository implements ComposeRepository {
  private rows: Rows = new Map();
  private lastId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  readonly outbox: InMemoryOutboxMessage[] = [];

  transaction<T>(work: (tx: ComposeTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const copy: Rows = new Map([...this.rows].map(([id, p]) => [id, { ...p }]));
      const tx = new InMemoryComposeTransaction(copy, () => ++this.lastId);
      const result = await work(tx);
      this.rows = copy;
      for (const m of tx.written) this.outbox.push({ id: this.outbox.length + 1, ...m });
      return result;
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  findById(id: number): Promise<ComposeProps | null> {
    const p = this.rows.get(id);
    return Promise.resolve(p ? { ...p } : null);
  }

  list(criteria: ListComposesCriteria, opts: { versionsOnly?: boolean } = {}): Promise<{ page: ListedRow[]; total: number }> {
    const found = [...this.rows.values()].filter((p) => matches(p, criteria.filter));
    const sign = criteria.descending ? -1 : 1;
    found.sort((a, b) => {
      const [x, y] = [sortValue(a, criteria.orderBy), sortValue(b, criteria.orderBy)];
      if (x !== y) {
        // PostgreSQL: NULLS FIRST ascending, NULLS LAST descending (as the TypeORM repository asks).
        if (x === null) return -sign;
        if (y === null) return sign;
        return (x < y ? -1 : 1) * sign;
      }
      return (a.id - b.id) * sign;
    });
    const page = found.slice(criteria.offset, criteria.offset + criteria.limit).map((p) => {
      const row = listedRow(p);
      return opts.versionsOnly ? { id: row.id, version: row.version } : row;
    });
    return Promise.resolve({ page, total: found.length });
  }

  findListed(ids: readonly number[]): Promise<Required<ListedRow>[]> {
    return Promise.resolve(
      ids.flatMap((id) => {
        const p = this.rows.get(id);
        return p ? [listedRow(p)] : [];
      }),
    );
  }

  countByTypeAndState(): Promise<{ sourceType: SourceType; state: ComposeState; count: number }[]> {
    const counts = new Map<string, { sourceType: SourceType; state: ComposeState; count: number }>();
    for (const p of this.rows.values()) {
      const key = `${p.sourceType}/${p.state}`;
      const entry = counts.get(key) ?? { sourceType: p.sourceType, state: p.state, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    return Promise.resolve([...counts.values()]);
  }

  liveComposeIds(ids: number[]): Promise<Set<number>> {
    const live = new Set<number>();
    for (const p of this.rows.values()) {
      if (p.state === 'removed') continue;
      if (ids.includes(p.id)) live.add(p.id);
      if (p.reusedId !== null && ids.includes(p.reusedId)) live.add(p.reusedId);
    }
    return Promise.resolve(live);
  }

  isPungiComposeIdTaken(id: string): Promise<boolean> {
    return Promise.resolve([...this.rows.values()].some((p) => p.pungiComposeId === id));
  }
}
