/**
 * The repositories the pulp compose tests ask for: a content set per arch that collapses to
 * `$basearch`, one with two x86_64 repositories to merge, one with two product versions, a
 * repository without content set (found by id), an unpublished one, and one whose repodata is
 * missing (so merging it fails).
 */
import type { RpmSpec } from '../rpms/build-rpms.js';
import type { PulpServer } from './pulp-server.js';

const rpm = (name: string, version: string, arch = 'x86_64'): RpmSpec => ({ name, version, release: '1', arch });

export async function addPulpFixture(pulp: PulpServer): Promise<void> {
  for (const arch of ['x86_64', 'ppc64le']) {
    await pulp.addRepo({
      id: `rhel-7-server-rpms__7Server__${arch}`,
      contentSet: 'rhel-7-server-rpms',
      arch,
      relativeUrl: `content/dist/rhel/server/7/7Server/${arch}/os`,
      signatures: 'fd431d51,199e2f91',
      productVersions: '["7.5"]',
      rpms: [rpm('pulp-server-pkg', '1.0', arch === 'x86_64' ? 'x86_64' : 'noarch')],
    });
  }
  await pulp.addRepo({
    id: 'merge-a',
    contentSet: 'merge-me',
    arch: 'x86_64',
    relativeUrl: 'content/merge/a/x86_64/os',
    signatures: 'aaaa1111',
    rpms: [rpm('pulp-tool', '1.0'), rpm('pulp-only-a', '1.0')],
  });
  await pulp.addRepo({
    id: 'merge-b',
    contentSet: 'merge-me',
    arch: 'x86_64',
    relativeUrl: 'content/merge/b/x86_64/os',
    signatures: 'bbbb2222',
    rpms: [rpm('pulp-tool', '1.1'), rpm('pulp-only-b', '2.0')],
  });
  for (const version of ['7.4', '7.5']) {
    await pulp.addRepo({
      id: `versioned-${version}`,
      contentSet: 'versioned',
      arch: 'x86_64',
      relativeUrl: `content/versioned/${version}/x86_64/os`,
      productVersions: JSON.stringify([version]),
      rpms: [rpm('pulp-versioned', version)],
    });
  }
  await pulp.addRepo({
    id: 'standalone-repo',
    arch: 'x86_64',
    relativeUrl: 'content/standalone/x86_64/os',
    rpms: [rpm('pulp-standalone', '3.0')],
  });
  await pulp.addRepo({
    id: 'hidden-repo',
    contentSet: 'hidden',
    arch: 'x86_64',
    relativeUrl: 'content/hidden/x86_64/os',
    published: false,
  });
  await pulp.addRepo({ id: 'broken-a', contentSet: 'broken-merge', arch: 'x86_64', relativeUrl: 'content/broken/a/os' });
  await pulp.addRepo({ id: 'broken-b', contentSet: 'broken-merge', arch: 'x86_64', relativeUrl: 'content/broken/b/os' });
}
