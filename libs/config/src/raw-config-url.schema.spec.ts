import { describe, expect, it } from 'vitest';
import { rawConfigUrlsProblem } from './raw-config-url.schema.js';

const ok = { url: 'https://git.example.com/c.git', config_filename: 'p.conf' };
const problem = (entry: unknown): string | null => rawConfigUrlsProblem({ c: entry });

describe('rawConfigUrlsProblem', () => {
  it('accepts git URLs of every kind, empty and absent optional keys, and unknown keys', () => {
    for (const url of [
      'https://h/p.git',
      'http://h/p',
      'git://h/p',
      'ssh://h/p',
      'git+ssh://h/p',
      'file:///srv/git/p',
      'git@h.example:p.git',
    ])
      expect(problem({ ...ok, url })).toBeNull();
    expect(problem({ ...ok, commit: null, path: undefined, raw_config_pungi_koji_args: [], pungi_timeout: 10, extra: 1 })).toBeNull();
    expect(rawConfigUrlsProblem({})).toBeNull();
  });

  it('names the entry and its first bad key, in declaration order', () => {
    expect(problem(null)).toBe('entry "c" must be an object');
    expect(problem(['x'])).toBe('entry "c" must be an object');
    expect(problem({})).toBe('entry "c": url must be a git URL');
    for (const url of ['ftp://h/p', 'https://h', ' https://h/p', 'https://h/p q', 5])
      expect(problem({ ...ok, url })).toBe('entry "c": url must be a git URL');
    expect(problem({ url: ok.url, config_filename: 1, commit: 2 })).toBe('entry "c": config_filename must be a file name');
    for (const key of ['commit', 'path', 'schema_override', 'raw_config_wrapper'])
      expect(problem({ ...ok, [key]: 1 })).toBe(`entry "c": ${key} must be a string`);
    for (const args of ['--nightly', ['--nightly', 1]])
      expect(problem({ ...ok, raw_config_pungi_koji_args: args })).toBe('entry "c": raw_config_pungi_koji_args must be a list of strings');
    expect(rawConfigUrlsProblem({ a: ok, b: { url: 'x' } })).toBe('entry "b": url must be a git URL');
  });

  it('wants pungi_timeout a whole number of seconds, at least 1', () => {
    for (const t of [0, -2.5, '10', Number.NaN])
      expect(problem({ ...ok, pungi_timeout: t })).toBe('entry "c": pungi_timeout must be at least 1 second');
    for (const t of [1.5, Number.POSITIVE_INFINITY])
      expect(problem({ ...ok, pungi_timeout: t })).toBe('entry "c": pungi_timeout must be a whole number of seconds');
  });
});
