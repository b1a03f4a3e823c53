/** Sources with fewer composes than this are summed up as `<name>#other_commits_or_branches` (upstream). */
const MIN_COMPOSES_PER_SOURCE = 5;

const label = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/**
 * The raw_config counters of CONTRACT §11 in Prometheus text format: `raw_config_composes_count`
 * per source and `raw_config_composes` per source and state, both exposed with the `_total` suffix.
 */
export function rawConfigMetricLines(rows: readonly { source: string; state: string; count: number }[]): string[] {
  const perSource = new Map<string, number>();
  for (const r of rows) perSource.set(r.source, (perSource.get(r.source) ?? 0) + r.count);
  const shown = (source: string): string =>
    (perSource.get(source) ?? 0) < MIN_COMPOSES_PER_SOURCE ? `${source.split('#')[0]}#other_commits_or_branches` : source;
  const bySource = new Map<string, number>();
  const byState = new Map<string, { source: string; state: string; count: number }>();
  for (const r of rows) {
    const source = shown(r.source);
    bySource.set(source, (bySource.get(source) ?? 0) + r.count);
    const key = `${source}\0${r.state}`;
    const entry = byState.get(key) ?? { source, state: r.state, count: 0 };
    entry.count += r.count;
    byState.set(key, entry);
  }
  return [
    '# HELP raw_config_composes_count_total Total number of raw_config composes per source',
    '# TYPE raw_config_composes_count_total counter',
    ...[...bySource].map(([source, n]) => `raw_config_composes_count_total{source="${label(source)}"} ${n}`),
    '# HELP raw_config_composes_total State with count',
    '# TYPE raw_config_composes_total counter',
    ...[...byState.values()].map((e) => `raw_config_composes_total{source="${label(e.source)}",state="${e.state}"} ${e.count}`),
  ];
}
