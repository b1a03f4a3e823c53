import type { Compose } from '../../domain/compose.js';
import type { ComposeProps } from '../../domain/compose-props.js';
import type { ComposeState } from '../../domain/compose-state.js';
import type { SourceType } from '../../domain/compose-enums.js';

export const COMPOSE_REPOSITORY = Symbol('COMPOSE_REPOSITORY');

export const ORDER_KEYS = [
  'id',
  'owner',
  'source_type',
  'koji_event',
  'state',
  'time_to_expire',
  'time_submitted',
  'time_done',
  'time_removed',
] as const;
export type OrderKey = (typeof ORDER_KEYS)[number];

export interface ComposeFilter {
  owner?: string;
  sourceTypes?: SourceType[];
  source?: string;
  /** odcs addition: `source` contains this text (case-insensitive), for searching. */
  sourceContains?: string;
  states?: ComposeState[];
  kojiTaskId?: number;
  pungiComposeId?: string;
  composeType?: string;
  label?: string;
}

export interface ListComposesCriteria {
  filter: ComposeFilter;
  orderBy: OrderKey;
  descending: boolean;
  offset: number;
  limit: number;
}

/** Reads and writes of one database transaction. Writes also append the composes' events to the outbox. */
export interface ComposeTransaction {
  /** Throws ComposeNotFoundError. `lock` takes a row lock (SELECT … FOR UPDATE). */
  getById(id: number, opts?: { lock?: boolean }): Promise<Compose>;
  findById(id: number, opts?: { lock?: boolean; states?: ComposeState[] }): Promise<Compose | null>;
  /**
   * The compose, the compose it reuses and the composes reusing it, locked in id order (one
   * statement, so concurrent renewals of related composes cannot deadlock).
   */
  lockReuseGroup(id: number): Promise<Compose[]>;
  /** Composes whose reused_id points at `id`. */
  findReusing(id: number, opts?: { lock?: boolean }): Promise<Compose[]>;
  /** Stores a new compose; assigns its id (and records its creation events). */
  insert(compose: Compose, renewedFromId?: number): Promise<void>;
  /** Guarded update: fails with ConcurrentComposeUpdateError if the stored state changed meanwhile. */
  save(...composes: Compose[]): Promise<void>;
  /** Locks up to `limit` rows matching `where` that no other transaction holds (FOR UPDATE SKIP LOCKED). */
  claim(where: ClaimCriteria, limit: number): Promise<Compose[]>;
  /** Reuse candidates of CONTRACT §6.2, in examination order. */
  findReuseCandidates(compose: Compose): Promise<Compose[]>;
  /** Takes a transaction-scoped advisory lock; false if another transaction holds it. */
  tryAdvisoryLock(key: string): Promise<boolean>;
}

export type ClaimCriteria =
  | { kind: 'waiting'; ids?: number[]; excludeIds?: number[] }
  | { kind: 'expired'; now: Date; ids?: number[] }
  | { kind: 'lease-lapsed'; now: Date }
  | { kind: 'waiting-since'; before: Date }
  | { kind: 'reusing-finished' };

/** A compose as lists show it: without pungi_config_dump (often kilobytes; the API shows it only for one compose). */
export type ListedCompose = Omit<ComposeProps, 'pungiConfigDump'>;

/**
 * A compose on a list page: its id, its row version (a text that changes whenever the stored
 * compose changes: PostgreSQL's xmin, the transaction that wrote the row's current version), and
 * the compose itself unless only versions were asked for.
 */
export interface ListedRow {
  id: number;
  version: string;
  compose?: ListedCompose;
}

export interface ComposeRepository {
  transaction<T>(work: (tx: ComposeTransaction) => Promise<T>): Promise<T>;
  findById(id: number): Promise<ComposeProps | null>;
  /** The page's composes in list order (only ids and row versions if `versionsOnly`), and how many match in all. */
  list(criteria: ListComposesCriteria, opts?: { versionsOnly?: boolean }): Promise<{ page: ListedRow[]; total: number }>;
  /** The composes of `ids` as lists show them, in the order of `ids`; ids not stored are left out. */
  findListed(ids: readonly number[]): Promise<Required<ListedRow>[]>;
  countByTypeAndState(): Promise<{ sourceType: SourceType; state: ComposeState; count: number }[]>;
  /**
   * Of `ids`, those whose files are still needed: the compose exists and is not removed, or a
   * compose that is not removed reuses it.
   */
  liveComposeIds(ids: number[]): Promise<Set<number>>;
  /** pungi_compose_id values already taken (respin numbering). */
  isPungiComposeIdTaken(id: string): Promise<boolean>;
}
