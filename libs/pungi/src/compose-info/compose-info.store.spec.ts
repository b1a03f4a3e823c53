import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pungiRelease } from '../config/pungi-config.builder.js';
import { composeFiles } from '../output/compose-layout.js';
import { ComposeInfoStore } from './compose-info.store.js';

describe('ComposeInfoStore', () => {
  let target: string;
  const store = new ComposeInfoStore();
  const now = new Date(2024, 0, 1, 12, 0);

  beforeEach(async () => {
    target = await mkdtemp(join(tmpdir(), 'odcs-compose-info-'));
  });
  afterEach(async () => {
    await rm(target, { recursive: true, force: true });
  });

  it('creates the compose dir inside an existing target dir', async () => {
    const dir = await store.prepareComposeDir(target, 5);
    expect(dir).toBe(join(target, 'odcs-5'));
    await writeFile(join(dir, 'probe'), 'x');
  });

  it('refuses a target dir that does not exist, naming it', async () => {
    const missing = join(target, 'nope');
    await expect(store.prepareComposeDir(missing, 5)).rejects.toThrow(
      `Compose target dir doesn't exist or not a directory: ${missing} on backend `,
    );
  });

  it('writes composeinfo-base.json in productmd format with respin 0', async () => {
    const dir = join(target, 'odcs-5');
    const result = await store.writeBase({
      composeDir: dir,
      release: pungiRelease(5),
      label: null,
      composeType: 'test',
      now,
      isIdTaken: () => Promise.resolve(false),
    });
    expect(result).toEqual({ pungiComposeId: 'odcs-5-1-20240101.t.0', path: composeFiles.composeInfoBase(dir) });
    expect(JSON.parse(await readFile(result.path, 'utf8'))).toEqual({
      header: { type: 'productmd.composeinfo', version: '1.2' },
      payload: {
        compose: { id: 'odcs-5-1-20240101.t.0', type: 'test', date: '20240101', respin: 0 },
        release: { name: 'odcs-5', short: 'odcs-5', version: '1', type: 'ga', is_layered: false, internal: false },
        variants: {},
      },
    });
  });

  it('bumps the respin until the id is free and records the label', async () => {
    const taken = new Set(['odcs-5-1-20240101.n.0', 'odcs-5-1-20240101.n.1']);
    const asked: string[] = [];
    const result = await store.writeBase({
      composeDir: join(target, 'odcs-5'),
      release: pungiRelease(5),
      label: 'Beta-1.0',
      composeType: 'nightly',
      now,
      isIdTaken: (id) => {
        asked.push(id);
        return Promise.resolve(taken.has(id));
      },
    });
    expect(asked).toEqual(['odcs-5-1-20240101.n.0', 'odcs-5-1-20240101.n.1', 'odcs-5-1-20240101.n.2']);
    expect(result.pungiComposeId).toBe('odcs-5-1-20240101.n.2');
    const compose = JSON.parse(await readFile(result.path, 'utf8')).payload.compose;
    expect(compose).toEqual({ id: 'odcs-5-1-20240101.n.2', type: 'nightly', date: '20240101', respin: 2, label: 'Beta-1.0', final: false });
  });

  it('writes an unknown compose type as test', async () => {
    const result = await store.writeBase({
      composeDir: join(target, 'odcs-6'),
      release: pungiRelease(6),
      label: null,
      composeType: 'other',
      now,
      isIdTaken: () => Promise.resolve(false),
    });
    expect(result.pungiComposeId).toBe('odcs-6-1-20240101.t.0');
  });

  it('reads the final compose id from compose/metadata/composeinfo.json', async () => {
    const dir = join(target, 'odcs-5');
    await mkdir(join(dir, 'compose', 'metadata'), { recursive: true });
    await writeFile(
      composeFiles.composeInfo(dir),
      JSON.stringify({ header: { type: 'productmd.composeinfo', version: '1.2' }, payload: { compose: { id: 'odcs-5-1-20240101.t.3' } } }),
    );
    expect(await store.readComposeId(dir)).toBe('odcs-5-1-20240101.t.3');
  });

  it('gives null when Pungi has not written composeinfo.json', async () => {
    expect(await store.readComposeId(join(target, 'odcs-5'))).toBeNull();
  });

  it('explains a composeinfo.json it cannot use', async () => {
    const dir = join(target, 'odcs-5');
    await mkdir(join(dir, 'compose', 'metadata'), { recursive: true });
    await writeFile(composeFiles.composeInfo(dir), '{"payload": {}}');
    await expect(store.readComposeId(dir)).rejects.toThrow(/composeinfo.json has no compose id \(payload.compose.id\)/);
    await writeFile(composeFiles.composeInfo(dir), '{not json');
    await expect(store.readComposeId(dir)).rejects.toThrow(/composeinfo.json is not valid JSON/);
  });
});
