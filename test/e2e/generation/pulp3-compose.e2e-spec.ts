import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnfRepoquery } from '../../support/engine/dnf-client.js';
import type { PulpServer } from '../../support/pulp/pulp-server.js';
import { repoBlock as block, startPulpWorld, type PulpWorld } from '../../support/pulp/pulp-world.js';

let w: PulpWorld;
let pulp: PulpServer;

beforeAll(async () => {
  w = await startPulpWorld({ pulp_api_version: '3' });
  pulp = w.pulp;
});
afterAll(() => w.close());

const pulpCompose = (source: string, flags: string[] = []) => w.compose(source, flags);
const repoFileOf = (compose: Record<string, any>) => w.repoFile(compose);

describe('pulp composes with pulp_api_version 3 (distributions)', () => {
  it('finds distributions by content_set label (paged) and by base path, with the .repo file of Pulp 2', async () => {
    const standalone = 'content/standalone/x86_64/os';
    const done = await pulpCompose(`rhel-7-server-rpms merge-me versioned ${standalone}`);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(done.arches).toBe('ppc64le x86_64');
    expect(done.sigkeys).toBe('199e2f91 aaaa1111 bbbb2222 fd431d51');
    const content = `${pulp.url}/pulp/content`;
    expect(await repoFileOf(done)).toBe(
      block(standalone, `${content}/${standalone}`) +
        block('merge-me', `${done.result_repo}/merge-me/$basearch`) +
        block('rhel-7-server-rpms', `${content}/content/dist/rhel/server/7/7Server/$basearch/os`) +
        block('versioned', `${content}/content/versioned/7.5/x86_64/os`),
    );
    const v3 = pulp.requests.filter((r) => r.startsWith('GET /pulp/api/v3/distributions/rpm/rpm/?'));
    expect(v3).toContain('GET /pulp/api/v3/distributions/rpm/rpm/?pulp_label_select=content_set%3Dmerge-me&offset=1');
    expect(v3).toContain(`GET /pulp/api/v3/distributions/rpm/rpm/?base_path=${encodeURIComponent(standalone)}`);
    expect(pulp.requests.some((r) => r.startsWith('POST /pulp/api/v2/'))).toBe(false);
    expect(await dnfRepoquery({ reposdir: await w.reposDir(done) })).toEqual([
      'pulp-only-a-1.0-1.x86_64',
      'pulp-only-b-2.0-1.x86_64',
      'pulp-server-pkg-1.0-1.x86_64',
      'pulp-standalone-3.0-1.x86_64',
      'pulp-tool-1.1-1.x86_64',
      'pulp-versioned-7.5-1.x86_64',
    ]);
  });

  it('skips unpublished distributions unless include_unpublished_pulp_repos, and names missing sources', async () => {
    const failed = await pulpCompose('hidden no/such/path');
    expect(failed.state_reason).toBe(
      "Error while generating compose: Failed to find all the source(s) ['hidden', 'no/such/path'] in Pulp, found only []",
    );
    const done = await pulpCompose('hidden', ['include_unpublished_pulp_repos']);
    expect(done.state_name, done.state_reason).toBe('done');
    expect(await repoFileOf(done)).toBe(block('hidden', `${pulp.url}/pulp/content/content/hidden/x86_64/os`));
  });

  it('fails telling to check the credentials when Pulp refuses them', async () => {
    pulp.setCredentials('odcs', 'rotated');
    const failed = await pulpCompose('versioned');
    pulp.setCredentials('odcs', 's3cret');
    expect(failed.state_reason).toContain('with HTTP 401: check pulp_username and pulp_password (user "odcs")');
    expect(failed.state_reason).toContain(`${pulp.url}/pulp/api/v3/distributions/rpm/rpm/?pulp_label_select=`);
  });
});
