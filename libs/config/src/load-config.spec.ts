import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('uses the upstream defaults', () => {
    const c = loadConfig({});
    expect(c.seconds_to_live).toBe(86400);
    expect(c.max_seconds_to_live).toBe(259200);
    expect(c.arches).toEqual(['x86_64']);
    expect(c.auth_backend).toBe('noauth');
    expect(c.target_dir.endsWith('/data/composes')).toBe(true);
    expect(c.target_dir_url).toBe('http://localhost:5005/composes');
    expect(c.frontend_heap_growth_percent).toBe(20);
  });

  it('reads the frontend heap growth, 0 leaving it to V8, and refuses a negative one', () => {
    expect(loadConfig({ ODCS_FRONTEND_HEAP_GROWTH_PERCENT: '50' }).frontend_heap_growth_percent).toBe(50);
    expect(loadConfig({ ODCS_FRONTEND_HEAP_GROWTH_PERCENT: '0' }).frontend_heap_growth_percent).toBe(0);
    expect(() => loadConfig({ ODCS_FRONTEND_HEAP_GROWTH_PERCENT: '-5' })).toThrow('"frontend_heap_growth_percent"');
  });

  it('reads environment variables, lists and JSON', () => {
    const c = loadConfig({
      ODCS_PORT: '8080',
      ODCS_ARCHES: 'x86_64, aarch64',
      ODCS_ADMINS: '{"users":["root"],"groups":[]}',
      TARGET_DIR_URL: 'http://odcs.example.com/composes/',
    });
    expect(c.port).toBe(8080);
    expect(c.arches).toEqual(['x86_64', 'aarch64']);
    expect(c.admins.users).toEqual(['root']);
    expect(c.target_dir_url).toBe('http://odcs.example.com/composes');
  });

  it('names the option when a value is bad', () => {
    expect(() => loadConfig({ ODCS_MAX_SECONDS_TO_LIVE: 'soon' })).toThrow(
      'Invalid configuration option "max_seconds_to_live": expected an integer, got "soon"',
    );
    expect(() => loadConfig({ ODCS_AUTH_BACKEND: 'magic' })).toThrow('"auth_backend": expected one of');
    expect(() => loadConfig({ ODCS_EXTRA_TARGET_DIRS: '{"x":"relative"}' })).toThrow('"extra_target_dirs": entry "x"');
    expect(() => loadConfig({ RAW_CONFIG_URLS: '{"c":{"url":"https://git.example.com/c.git"}}' })).toThrow(
      'Invalid configuration option "raw_config_urls": entry "c": config_filename must be a file name',
    );
    expect(() =>
      loadConfig({ RAW_CONFIG_URLS: '{"c":{"url":"https://x.example/c.git","config_filename":"p.conf","pungi_timeout":0}}' }),
    ).toThrow('entry "c": pungi_timeout must be at least 1 second');
    expect(
      loadConfig({ RAW_CONFIG_URLS: '{"c":{"url":"https://x.example/c.git","config_filename":"p.conf","commit":"abc"}}' }).raw_config_urls[
        'c'
      ]?.commit,
    ).toBe('abc');
    expect(() => loadConfig({ ODCS_ALLOWED_CLIENTS: '{"users":{"a":{"arches":"x86_64"}},"groups":{}}' })).toThrow(
      'users.a.arches must be a list',
    );
  });
});
