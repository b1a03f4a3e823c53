import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowedClients } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';
import { as, expectRefused, expectUnchanged, HEADER_AUTH, snapshot, tagCompose } from './auth-e2e.helpers.js';

/** One restriction per user, so each 403 names exactly one attribute. */
const ALLOWED_CLIENTS: AllowedClients = {
  users: {
    types: { source_types: ['tag', 'raw_config'] },
    srcs: { sources: ['f40-build', 'f41-build'] },
    res: { results: ['repository', 'boot.iso'] },
    flagger: { flags: ['no_deps', 'no_inheritance'] },
    archer: { arches: ['x86_64', 'aarch64'] },
    typer: { compose_types: ['test', 'nightly'] },
    dirs: { target_dirs: ['scratch'] },
    raw: { source_types: ['raw_config'], raw_config_keys: ['fedora'] },
    rawall: { source_types: ['raw_config'] },
    anything: { sources: [''], arches: [''], compose_types: [''] },
    nothing: { sources: [] },
    noarch: { arches: [] },
    multi: { source_types: ['tag'], arches: ['x86_64'], results: ['repository'], flags: [] },
    // A user entry wins over the groups of the user, even when it is narrower.
    narrow: { arches: ['x86_64'] },
  },
  groups: {
    wide: { arches: ['x86_64', 'aarch64', 'ppc64le'], source_types: ['tag', 'module'] },
    tagonly: { source_types: ['tag'], arches: ['x86_64'] },
    armonly: { source_types: ['module'], arches: ['aarch64'] },
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: {
      ...HEADER_AUTH,
      allowed_clients: ALLOWED_CLIENTS,
      extra_target_dirs: { scratch: '/srv/odcs-scratch', archive: '/srv/odcs-archive' },
      raw_config_urls: {
        fedora: { url: 'https://pagure.io/pungi-fedora.git', config_filename: 'fedora.conf' },
        rhel: { url: 'https://example.com/pungi-rhel.git', config_filename: 'rhel.conf' },
      },
    },
  });
});
afterAll(() => t?.close());

const post = (user: string, body: Record<string, unknown>, groups: string[] = []) =>
  t.request('POST', '/api/1/composes/', body, as(user, groups));
const allows = async (user: string, body: Record<string, unknown>, groups: string[] = []) => {
  const before = (await snapshot(t)).composes;
  const res = await post(user, body, groups);
  expect(res.status, `${user} ${JSON.stringify(body)}: ${res.text}`).toBe(200);
  expect(res.body.owner).toBe(user);
  expect((await snapshot(t)).composes).toBe(before + 1);
};
const denies = (user: string, body: Record<string, unknown>, message: string, groups: string[] = []) =>
  expectRefused(t, () => post(user, body, groups), 403, message);
const notAllowed = (user: string, attr: string, value: string) => `User ${user} not allowed to operate with compose with ${attr}=${value}.`;
/** The 403 message lists its reasons in no promised order: compare them as a set. */
const reasons = (message: string): string[] => message.split(/(?<=\.) (?=User )/).sort();

describe('POST /api/1/composes/ fine-grained permissions (CONTRACT §7.3)', () => {
  it('source_types', async () => {
    await allows('types', tagCompose());
    await allows('types', { source: { type: 'raw_config', source: 'fedora#abc123' } });
    await denies('types', { source: { type: 'module', source: 'nodejs:20' } }, notAllowed('types', 'source_types', 'module'));
    // Without source_types in the entry, allowed_source_types applies: tag, module, build.
    await allows('archer', { source: { type: 'build', builds: ['ed-1.20-1.fc40'] } });
    await denies('archer', { source: { type: 'repo', source: 'https://example.com/repo' } }, notAllowed('archer', 'source_types', 'repo'));
  });

  it('sources: every item, the first bad one named', async () => {
    await allows('srcs', tagCompose({}, { source: 'f40-build f41-build' }));
    await denies('srcs', tagCompose({}, { source: 'f40-build rawhide other' }), notAllowed('srcs', 'sources', 'rawhide'));
  });

  it('results: repository is always requested', async () => {
    await allows('res', tagCompose({ results: ['boot.iso'] }));
    await denies('res', tagCompose({ results: ['iso'] }), notAllowed('res', 'results', 'iso'));
  });

  it('flags, and a request without flags always passes (Decision 6)', async () => {
    await allows('flagger', tagCompose({ flags: ['no_deps'] }));
    await allows('flagger', tagCompose({ flags: ['no_inheritance', 'no_deps'] }));
    await allows('flagger', tagCompose());
    await allows('flagger', tagCompose({ flags: [] }));
    await denies('flagger', tagCompose({ flags: ['no_deps', 'check_deps'] }), notAllowed('flagger', 'flags', 'check_deps'));
    // An empty flags grant still allows a request with no flags.
    await allows('multi', tagCompose());
    await denies('multi', tagCompose({ flags: ['no_reuse'] }), notAllowed('multi', 'flags', 'no_reuse'));
  });

  it('arches, with allowed_arches (x86_64) for an entry that names none', async () => {
    await allows('archer', tagCompose({ arches: ['aarch64', 'x86_64'] }));
    await denies('archer', tagCompose({ arches: ['x86_64', 'ppc64le'] }), notAllowed('archer', 'arches', 'ppc64le'));
    await allows('srcs', tagCompose({ arches: ['x86_64'] }));
    await denies('srcs', tagCompose({ arches: ['aarch64'] }), notAllowed('srcs', 'arches', 'aarch64'));
  });

  it('compose_types, "test" when the request names none', async () => {
    await allows('typer', tagCompose({ compose_type: 'nightly' }));
    await allows('typer', tagCompose());
    await denies('typer', tagCompose({ compose_type: 'production' }), notAllowed('typer', 'compose_types', 'production'));
  });

  it('target_dirs: the default dir is never checked, extra dirs need a grant (none by default)', async () => {
    await allows('dirs', tagCompose({ target_dir: 'scratch' }));
    await allows('dirs', tagCompose({ target_dir: 'default' }));
    await denies('dirs', tagCompose({ target_dir: 'archive' }), notAllowed('dirs', 'target_dirs', 'archive'));
    await allows('srcs', tagCompose());
    await denies('srcs', tagCompose({ target_dir: 'scratch' }), notAllowed('srcs', 'target_dirs', 'scratch'));
  });

  it('raw_config_keys: the name before "#", every configured key by default', async () => {
    await allows('raw', { source: { type: 'raw_config', source: 'fedora#abc123' } });
    await denies('raw', { source: { type: 'raw_config', source: 'rhel#abc123' } }, notAllowed('raw', 'raw_config_keys', 'rhel'));
    await allows('rawall', { source: { type: 'raw_config', source: 'rhel#abc123' } });
  });

  it('[""] is a wildcard, an empty list allows nothing', async () => {
    await allows('anything', tagCompose({ arches: ['s390x', 'riscv64'], compose_type: 'whatever' }, { source: 'any-tag' }));
    await denies('nothing', tagCompose(), notAllowed('nothing', 'sources', 'f40-build'));
    await denies('noarch', tagCompose(), notAllowed('noarch', 'arches', 'x86_64'));
  });

  it('names every refused attribute of the entry', async () => {
    const res = await post('multi', tagCompose({ arches: ['aarch64'], results: ['iso'], flags: ['no_deps'] }));
    expect(res.status).toBe(403);
    expect(reasons(res.body.message)).toEqual(
      [notAllowed('multi', 'results', 'iso'), notAllowed('multi', 'flags', 'no_deps'), notAllowed('multi', 'arches', 'aarch64')].sort(),
    );
  });

  it('evaluates only the user entry when there is one, ignoring the groups', async () => {
    await allows('wide-member', tagCompose({ arches: ['aarch64'] }), ['wide']);
    await denies('narrow', tagCompose({ arches: ['aarch64'] }), notAllowed('narrow', 'arches', 'aarch64'), ['wide']);
    await allows('narrow', tagCompose(), ['wide']);
  });

  it('allows the request when any one group of the user allows all of it', async () => {
    const both = ['tagonly', 'armonly'];
    await allows('gina', tagCompose(), both);
    await allows('gina', { source: { type: 'module', source: 'nodejs:20' }, arches: ['aarch64'] }, both);
    // tagonly refuses the arch, armonly the source type: both reasons are given.
    const res = await post('gina', tagCompose({ arches: ['aarch64'] }), both);
    expect(res.status).toBe(403);
    expect(reasons(res.body.message)).toEqual([notAllowed('gina', 'arches', 'aarch64'), notAllowed('gina', 'source_types', 'tag')].sort());
    // Groups without an entry neither help nor hurt.
    await allows('hank', tagCompose(), ['unknown-group', 'tagonly']);
  });

  it('refuses users with neither an entry nor a listed group: role allowed_clients', async () => {
    await denies('stranger', tagCompose(), 'User stranger is not in role allowed_clients.');
    await denies('stranger', tagCompose(), 'User stranger is not in role allowed_clients.', ['unknown-group']);
    // The role check comes before the body is even read (CONTRACT §2.1).
    await denies('stranger', { not: 'a compose' }, 'User stranger is not in role allowed_clients.');
  });

  it('validates the request before checking permissions (400 wins over 403)', async () => {
    const before = await snapshot(t);
    const res = await post('types', { source: { type: 'module', source: 'nodejs' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Module definition must be in "n:s", "n:s:v" or "n:s:v:c" format, but got nodejs');
    await expectUnchanged(t, before);
  });
});
