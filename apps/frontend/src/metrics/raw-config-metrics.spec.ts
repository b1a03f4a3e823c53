import { describe, expect, it } from 'vitest';
import { rawConfigMetricLines } from './raw-config-metrics.js';

describe('rawConfigMetricLines', () => {
  it('keeps sources with 5 composes or more, sums the others per name, and escapes label values', () => {
    const lines = rawConfigMetricLines([
      { source: 'a#main', state: 'done', count: 4 },
      { source: 'a#main', state: 'failed', count: 1 },
      { source: 'a#abc', state: 'done', count: 2 },
      { source: 'a#def', state: 'done', count: 1 },
      { source: 'b"x#1', state: 'wait', count: 1 },
    ]);
    expect(lines).toEqual([
      '# HELP raw_config_composes_count_total Total number of raw_config composes per source',
      '# TYPE raw_config_composes_count_total counter',
      'raw_config_composes_count_total{source="a#main"} 5',
      'raw_config_composes_count_total{source="a#other_commits_or_branches"} 3',
      'raw_config_composes_count_total{source="b\\"x#other_commits_or_branches"} 1',
      '# HELP raw_config_composes_total State with count',
      '# TYPE raw_config_composes_total counter',
      'raw_config_composes_total{source="a#main",state="done"} 4',
      'raw_config_composes_total{source="a#main",state="failed"} 1',
      'raw_config_composes_total{source="a#other_commits_or_branches",state="done"} 3',
      'raw_config_composes_total{source="b\\"x#other_commits_or_branches",state="wait"} 1',
    ]);
  });
});
