import {
  CONTROL_CHARACTERS_MESSAGE,
  excerpt,
  hasControlCharacters,
  type ComposeFilter,
  type ComposeState,
  InvalidComposeInputError,
  type ListComposesCriteria,
  ORDER_KEYS,
  type OrderKey,
  parseSourceType,
  parseState,
  type SourceType,
} from '@odcs/compose';

export type QueryArgs = Record<string, string | string[] | undefined>;

export interface ListRequest {
  criteria: ListComposesCriteria;
  page: number;
  perPage: number;
}

const bad = (message: string): never => {
  throw new InvalidComposeInputError(message);
};
const firstOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const allOf = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(',')).filter((s) => s !== '');

const MAX_PER_PAGE = 1_000_000;
const MAX_OFFSET = 2 ** 52;

const ORDER_ALIASES: Record<string, OrderKey> = { source_Type: 'source_type' };
/** Integer columns are 32-bit in PostgreSQL. */
const INT32_MAX = 2 ** 31 - 1;

function intOr(value: string | undefined, fallback: number): number {
  return value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : fallback;
}

function many<T>(args: QueryArgs, name: string, parse: (v: string) => T | undefined, what: string): T[] | undefined {
  const values = allOf(args[name]);
  if (values.length === 0) return undefined;
  return values.map((v) => parse(v) ?? bad(`Invalid "${name}" value "${excerpt(v)}": expected ${what}`));
}

/** GET /api/1/composes/ query → criteria (CONTRACT §1.3, Decisions 2 and 7). */
export function parseListRequest(args: QueryArgs): ListRequest {
  const text = (name: string): string | undefined => {
    const v = firstOf(args[name]);
    if (v !== undefined && hasControlCharacters(v)) bad(CONTROL_CHARACTERS_MESSAGE);
    return v === undefined || v === '' ? undefined : v;
  };
  const filter: ComposeFilter = {
    owner: text('owner'),
    source: text('source'),
    sourceContains: text('source_contains'),
    pungiComposeId: text('pungi_compose_id'),
    composeType: text('compose_type'),
    label: text('label'),
    states: many<ComposeState>(args, 'state', parseState, 'a state name (wait, generating, done, removed, failed) or its number'),
    sourceTypes: many<SourceType>(args, 'source_type', parseSourceType, 'a source type name (tag, module, ...) or its number'),
  };
  const task = text('koji_task_id');
  if (task !== undefined) {
    if (!/^\d+$/.test(task)) bad(`Invalid "koji_task_id" value "${excerpt(task)}": expected an integer`);
    if (!/^\d{1,10}$/.test(task) || Number(task) > INT32_MAX) {
      bad(`Invalid "koji_task_id" value "${excerpt(task)}": expected an integer between 0 and ${INT32_MAX}`);
    }
    filter.kojiTaskId = Number(task);
  }
  const orderRaw = text('order_by') ?? '-id';
  const descending = orderRaw.length > 1 && orderRaw.startsWith('-');
  const key = descending ? orderRaw.slice(1) : orderRaw;
  const alias = Object.hasOwn(ORDER_ALIASES, key) ? ORDER_ALIASES[key] : undefined;
  const orderBy = alias ?? ((ORDER_KEYS as readonly string[]).includes(key) ? (key as OrderKey) : undefined);
  if (!orderBy) bad(`An invalid order_by key was suplied, allowed keys are: [${ORDER_KEYS.map((k) => `'${k}'`).join(', ')}]`);

  let page = intOr(firstOf(args['page']), 1);
  let perPage = intOr(firstOf(args['per_page']), 10);
  if (page < 1) page = 1;
  if (perPage < 0) perPage = 20;
  // No upper bound upstream; bounded so that the offset stays a number PostgreSQL takes.
  perPage = Math.min(perPage, MAX_PER_PAGE);
  page = Math.min(page, Math.floor(MAX_OFFSET / Math.max(perPage, 1)));
  return { criteria: { filter, orderBy: orderBy!, descending, offset: (page - 1) * perPage, limit: perPage }, page, perPage };
}

export interface PageMeta {
  page: number;
  pages: number;
  per_page: number;
  total: number;
  first: string;
  last: string;
  prev: string | null;
  next: string | null;
}

/** Pagination meta with absolute links carrying the other query args (CONTRACT §1.3). */
export function pageMeta(baseUrl: string, args: QueryArgs, page: number, perPage: number, total: number): PageMeta {
  const pages = perPage === 0 ? 0 : Math.ceil(total / perPage);
  const extra = Object.entries(args)
    .filter(([k]) => k !== 'page' && k !== 'per_page' && k !== 'endpoint' && !k.startsWith('_'))
    .map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(firstOf(v) ?? '')}`)
    .join('');
  const link = (p: number): string => `${baseUrl}?page=${p}&per_page=${perPage}${extra}`;
  return {
    page,
    pages,
    per_page: perPage,
    total,
    first: link(1),
    last: link(pages),
    prev: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
  };
}

/** The list response, `{"items": [...], "meta": {...}}`, from the JSON of each compose (ListComposesQuery's items). */
export function pageBody(items: readonly string[], meta: PageMeta): string {
  return `{"items":[${items.join(',')}],"meta":${JSON.stringify(meta)}}`;
}
