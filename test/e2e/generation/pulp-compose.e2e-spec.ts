import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import type { PulpServer } from '../../support/pulp/pulp-server.js';
import { repoBlock as block, startPulpWorld, type PulpWorld } from '../../support/pulp/pulp-world.js';
import { waitForState } from '../../support/service.js';
import type { TestApp } from '../../support/app.js';

let w: PulpWorld;
let pulp: PulpServer;
let t: TestApp;

beforeAll(async () => {
  w = await startPulpWorld();
  ({ pulp, t } = w);
});
afterAll(() => w.close());

const pulpCompose = (source: string, flags: string[] = []) => w.compose(source, flags);
const repoFileOf = (compose: Record<string, any>) => w.repoFile(compose);
const reposDirFor = (compose: Record<string, any>) => w.reposDir(compose);

describe('pulp composes (CONTRACT §8.7) against a Pulp 2 server', () => {
  it('writes a .repo of content sets and repo ids that dnf reads, with arches and sigkeys from Pulp', async () => {
    const done = await pulpCompose('rhel-7-server-rpms merge-me versioned standalone-repo');
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.arches).toBe('ppc64le x86_64');
    expect(done.sigkeys).toBe('199e2f91 aaaa1111 bbbb2222 fd431d51');
    expect(done.source).toBe('rhel-7-server-rpms merge-me versioned standalone-repo');
    expect(done.pungi_compose_id).toBeNull();
    expect(await repoFileOf(done)).toBe(
      block('merge-me', `${done.result_repo}/merge-me/$basearch`) +
        block('rhel-7-server-rpms', `${pulp.url}/content/dist/rhel/server/7/7Server/$basearch/os`) +
        block('standalone-repo', `${pulp.url}/content/standalone/x86_64/os`) +
        block('versioned', `${pulp.url}/content/versioned/7.5/x86_64/os`),
    );
    expect(pulp.searches.at(-1)).toEqual({
      'notes.content_set': { $in: ['rhel-7-server-rpms', 'merge-me', 'versioned', 'standalone-repo'] },
      'notes.include_in_download_service': 'True',
    });
    // mergerepo_c --method nvr keeps the newest pulp-tool; packages are fetched from Pulp.
    expect(await dnfRepoquery({ reposdir: await reposDirFor(done) })).toEqual([
      'pulp-only-a-1.0-1.x86_64',
      'pulp-only-b-2.0-1.x86_64',
      'pulp-server-pkg-1.0-1.x86_64',
      'pulp-standalone-3.0-1.x86_64',
      'pulp-tool-1.1-1.x86_64',
      'pulp-versioned-7.5-1.x86_64',
    ]);
    const cache = join(t.config.target_dir, 'pulp_repo_cache', 'content', 'merge');
    expect(readdirSync(join(cache, 'a', 'x86_64', 'os', 'repodata'))).toContain('repomd.xml');
    expect(readdirSync(join(cache, 'b', 'x86_64', 'os', 'repodata'))).toContain('repomd.xml');
  });

  it('validates pulp requests as upstream: a source is required, repeated sources count once', async () => {
    const empty = await t.request('POST', '/api/1/composes/', { source: { type: 'pulp', source: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ status: 400, error: 'Bad Request', message: 'No source provided for 4' });
    const done = await pulpCompose('standalone-repo versioned standalone-repo');
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('standalone-repo versioned');
    expect(done.source_type).toBe(4);
  });

  it('fails naming the sources Pulp does not have, or drops them with ignore_absent_pulp_repos', async () => {
    const failed = await pulpCompose('versioned no-such-set');
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      "Error while generating compose: Failed to find all the source(s) ['versioned', 'no-such-set'] in Pulp, found only ['versioned']",
    );
    const done = await pulpCompose('versioned no-such-set', ['ignore_absent_pulp_repos']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('versioned');
  });

  it('finds unpublished repositories only with include_unpublished_pulp_repos', async () => {
    expect((await pulpCompose('hidden')).state_reason).toContain("Failed to find all the source(s) ['hidden'] in Pulp, found only []");
    const done = await pulpCompose('hidden', ['include_unpublished_pulp_repos']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(pulp.searches.at(-1)).toEqual({ 'notes.content_set': { $in: ['hidden'] } });
    expect(await repoFileOf(done)).toBe(block('hidden', `${pulp.url}/content/hidden/x86_64/os`));
  });

  it('without any repository writes an empty .repo and an empty repository per allowed arch', async () => {
    const done = await pulpCompose('nothing-here', ['ignore_absent_pulp_repos']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.source).toBe('');
    expect(await repoFileOf(done)).toBe('');
    const os = join(t.config.target_dir, `odcs-${done.id}`, 'compose', 'Temporary', 'x86_64', 'os');
    expect(existsSync(join(os, 'repodata', 'repomd.xml'))).toBe(true);
    expect(await dnfRepoquery({ url: `${done.result_repo}/x86_64/os` })).toEqual([]);
  });

  it('with use_only_compatible_arch puts $basearch in the URL and skips unavailable repositories', async () => {
    const done = await pulpCompose('standalone-repo', ['use_only_compatible_arch']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(await repoFileOf(done)).toBe(block('standalone-repo', `${pulp.url}/content/standalone/$basearch/os`, 'skip_if_unavailable=1\n'));
    expect(await dnfRepoquery({ reposdir: await reposDirFor(done) })).toEqual(['pulp-standalone-3.0-1.x86_64']);
  });

  it('retries Pulp after network errors and 503 answers', async () => {
    pulp.failNext(1, 'reset');
    pulp.failNext(1, 'http-503');
    const done = await pulpCompose('standalone-repo');
    expect(done.state_name, done.state_reason).toBe('done');
  });

  it('fails with a reason when Pulp stays unreachable', async () => {
    pulp.failNext(1000, 'reset');
    const failed = await pulpCompose('standalone-repo');
    pulp.clearFailures();
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toMatch(
      new RegExp(
        `^Error while generating compose: Cannot reach Pulp at ${pulp.url}/pulp/api/v2/repositories/search/ \\(POST\\): .*gave up after \\d+ attempt`,
      ),
    );
  });

  it('fails telling to check the credentials when Pulp refuses them', async () => {
    pulp.setCredentials('odcs', 'rotated');
    const failed = await pulpCompose('standalone-repo');
    pulp.setCredentials('odcs', 's3cret');
    expect(failed.state_reason).toBe(
      `Error while generating compose: Pulp refused POST ${pulp.url}/pulp/api/v2/repositories/search/ with HTTP 401: check pulp_username and pulp_password (user "odcs")`,
    );
  });

  it('fails naming the repository whose repodata cannot be merged', async () => {
    const failed = await pulpCompose('broken-merge');
    expect(failed.state_name).toBe('failed');
    expect(failed.state_reason).toBe(
      `Error while generating compose: Cannot download ${pulp.url}/content/broken/a/os/repodata/repomd.xml for mergerepo_c: HTTP 404`,
    );
  });

  it('renewing a removed pulp compose generates it again from Pulp', async () => {
    const first = await pulpCompose('merge-me standalone-repo');
    expect(first.state_name, first.state_reason).toBe('done');
    const firstRepoFile = await repoFileOf(first);
    await t.request('DELETE', `/api/1/composes/${first.id}`);
    await waitForState(t, first.id, ['removed']);
    const renewed = await t.request('PATCH', `/api/1/composes/${first.id}`, {});
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.id).not.toBe(first.id);
    const again = await waitForState(t, renewed.body.id, ['done', 'failed'], 60_000);
    expect(again.state_name, again.state_reason).toBe('done');
    expect(again.source).toBe(first.source);
    expect(again.arches).toBe(first.arches);
    expect(await repoFileOf(again)).toBe(firstRepoFile.replaceAll(`odcs-${first.id}/`, `odcs-${again.id}/`));
    expect(existsSync(join(t.config.target_dir, `odcs-${first.id}`))).toBe(false);
    expect(await dnfRepoquery({ reposdir: await reposDirFor(again) })).toEqual([
      'pulp-only-a-1.0-1.x86_64',
      'pulp-only-b-2.0-1.x86_64',
      'pulp-standalone-3.0-1.x86_64',
      'pulp-tool-1.1-1.x86_64',
    ]);
  });
});
