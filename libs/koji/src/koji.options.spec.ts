import { describe, expect, it } from 'vitest';
import { DEFAULT_KOJI_CLIENT_OPTIONS, resolveKojiClientOptions } from './koji.options.js';

describe('resolveKojiClientOptions', () => {
  it('defaults to Fedora Koji', () => {
    expect(resolveKojiClientOptions()).toEqual(DEFAULT_KOJI_CLIENT_OPTIONS);
    expect(DEFAULT_KOJI_CLIENT_OPTIONS.hubUrl).toBe('https://koji.fedoraproject.org/kojihub');
    expect(DEFAULT_KOJI_CLIENT_OPTIONS.topUrl).toBe('https://kojipkgs.fedoraproject.org');
  });

  it('keeps given values, ignores undefined ones and trims the topUrl slash', () => {
    expect(
      resolveKojiClientOptions({ hubUrl: 'http://k/kojihub', topUrl: 'http://k/top/', retries: 0, timeoutMs: undefined }),
    ).toMatchObject({
      hubUrl: 'http://k/kojihub',
      topUrl: 'http://k/top',
      retries: 0,
      timeoutMs: DEFAULT_KOJI_CLIENT_OPTIONS.timeoutMs,
    });
  });

  it('rejects nonsense with the option name', () => {
    expect(() => resolveKojiClientOptions({ timeoutMs: 0 })).toThrow('Koji option timeoutMs must be a positive number, got 0');
    expect(() => resolveKojiClientOptions({ retries: -1 })).toThrow('Koji option retries must be a non-negative number, got -1');
    expect(() => resolveKojiClientOptions({ hubUrl: 'koji' })).toThrow('Koji option hubUrl must be an absolute URL, got "koji"');
  });
});
