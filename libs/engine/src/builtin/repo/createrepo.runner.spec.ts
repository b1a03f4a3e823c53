import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutableLocator } from '../../common/executable-locator.js';
import { ProcessRunner } from '../../common/process-runner.js';
import type { EngineOptions } from '../../engine.options.js';
import { CreaterepoRunner } from './createrepo.runner.js';

const runner = (options: Partial<EngineOptions>): CreaterepoRunner =>
  new CreaterepoRunner(
    { createrepoC: 'createrepo_c', pungiTimeout: 60, createrepoWorkers: 3, ...options } as EngineOptions,
    new ExecutableLocator(),
    new ProcessRunner(),
  );

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'odcs-createrepo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CreaterepoRunner', () => {
  it('makes XML metadata only, as Pungi does for dnf, with the configured number of workers', async () => {
    const lines: string[] = [];

    await runner({}).run(dir, { signal: new AbortController().signal, log: (line) => lines.push(line) });

    const files = await readdir(join(dir, 'repodata'));
    expect(files.map((f) => f.replace(/^[0-9a-f]{64}-/, '')).sort()).toEqual([
      'filelists.xml.gz',
      'other.xml.gz',
      'primary.xml.gz',
      'repomd.xml',
    ]);
    expect(lines[0]).toMatch(/^Running \S*createrepo_c --checksum sha256 --unique-md-filenames --no-database --workers 3 --quiet /);
  });

  it('says how to install createrepo_c when it is missing', async () => {
    await expect(
      runner({ createrepoC: 'createrepo_c-not-here' }).run(dir, { signal: new AbortController().signal, log: () => undefined }),
    ).rejects.toThrow("'createrepo_c-not-here' was not found or is not executable");
  });

  it('adds modules.yaml with modifyrepo_c in the same run, whatever the characters of the path', async () => {
    const repo = join(dir, "it's a repo");
    await mkdir(repo);
    const yaml = join(dir, 'modules.yaml');
    await writeFile(yaml, '---\ndocument: modulemd-defaults\nversion: 1\ndata:\n  module: m\n  stream: "1"\n...\n');
    const lines: string[] = [];

    await runner({}).run(repo, { signal: new AbortController().signal, log: (line) => lines.push(line), modulesYaml: yaml });

    const repomd = await readFile(join(repo, 'repodata', 'repomd.xml'), 'utf8');
    expect(repomd).toMatch(/<data type="modules">/);
    expect(lines[1]).toMatch(/^Running \S*modifyrepo_c --mdtype=modules --checksum sha256 --unique-md-filenames /);
  });

  it('names the tool that failed when modifyrepo_c follows createrepo_c', async () => {
    const signal = new AbortController().signal;
    const repo = join(dir, 'repo');
    await mkdir(repo);
    const yaml = join(dir, 'no-such-modules.yaml');
    await expect(runner({}).run(repo, { signal, log: () => undefined, modulesYaml: yaml })).rejects.toThrow(
      `modifyrepo_c failed on ${repo}: `,
    );
    const missing = join(dir, 'no-such-dir');
    await expect(runner({}).run(missing, { signal, log: () => undefined, modulesYaml: yaml })).rejects.toThrow(
      new RegExp(`^createrepo_c failed on ${missing}: (?!.*odcs: createrepo_c exited)`),
    );
  });
});
