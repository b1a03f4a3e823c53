import { type ComposeJson, text } from './client.js';

const SOURCE_TYPES = ['', 'tag', 'module', 'repo', 'pulp', 'raw_config', 'build', 'pungi_compose'];

export const sourceTypeName = (n: unknown): string => SOURCE_TYPES[Number(n)] ?? String(n);

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

/** JSON as the python CLI prints it: keys sorted, 4-space indent. */
export const toJson = (v: unknown): string => `${JSON.stringify(sortKeys(v), null, 4)}\n`;

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '-' : Array.isArray(v) ? v.map(text).join(' ') || '-' : text(v);

/** A compose for people: the keys that say what it is and where it is. */
export function describeCompose(c: ComposeJson): string {
  const rows: [string, unknown][] = [
    ['id', c.id],
    ['state', c.state_name],
    ['reason', c['state_reason']],
    ['progress', c['progress']],
    ['owner', c['owner']],
    ['source', `${sourceTypeName(c['source_type'])} ${show(c['source'])}`],
    ['packages', c['packages']],
    ['builds', c['builds']],
    ['flags', c['flags']],
    ['arches', c['arches']],
    ['label', c['label']],
    ['koji_event', c['koji_event']],
    ['submitted', c['time_submitted']],
    ['started', c['time_started']],
    ['done', c['time_done']],
    ['expires', c['time_to_expire']],
    ['removed', c['time_removed']],
    ['reused', c['reused_id']],
    ['repo', c['result_repo']],
    ['repofile', c['result_repofile']],
    ['toplevel', c['toplevel_url']],
  ];
  return rows
    .filter(([k, v]) => !['packages', 'builds', 'label', 'reused', 'removed', 'progress'].includes(k) || show(v) !== '-')
    .map(([k, v]) => `${`${k}:`.padEnd(11)}${show(v)}`)
    .join('\n')
    .concat('\n');
}

/** The list as a table, newest first as the server ordered it, with the paging line. */
export function describeList(items: ComposeJson[], meta: Record<string, unknown>): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const header = ['ID', 'STATE', 'TYPE', 'OWNER', 'SOURCE', 'SUBMITTED'];
  const rows = items.map((c) => [
    String(c.id),
    c.state_name,
    sourceTypeName(c['source_type']),
    show(c['owner']),
    cut(show(c['source']), 40),
    show(c['time_submitted']),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const paging = `page ${show(meta['page'])} of ${show(meta['pages'])} (${show(meta['total'])} composes)`;
  return [line(header), ...rows.map(line), paging].join('\n').concat('\n');
}
