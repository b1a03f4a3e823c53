import { describe, expect, it } from 'vitest';
import { type PungiCommandInput, type PungiCommandSpec, buildPungiCommand } from './pungi-command.js';

const SPEC: PungiCommandSpec = {
  sourceType: 'tag',
  composeType: 'test',
  label: null,
  parentPungiComposeIds: [],
  respinOf: null,
  kojiEvent: null,
};

function command(spec: Partial<PungiCommandSpec> = {}, input: Partial<PungiCommandInput> = {}): string[] {
  return buildPungiCommand({
    pungiKoji: '/usr/bin/pungi-koji',
    configPath: '/tmp/cfg/pungi.conf',
    composeDir: '/srv/odcs/odcs-7',
    extraArgs: [],
    spec: { ...SPEC, ...spec },
    ...input,
  });
}

describe('buildPungiCommand', () => {
  it('starts with the executable, config, no-latest-link and compose dir, then the compose type', () => {
    expect(command()).toEqual([
      '/usr/bin/pungi-koji',
      '--config=/tmp/cfg/pungi.conf',
      '--no-latest-link',
      '--compose-dir=/srv/odcs/odcs-7',
      '--test',
    ]);
  });

  it.each([
    ['test', '--test'],
    ['ci', '--ci'],
    ['nightly', '--nightly'],
    ['production', '--production'],
    ['development', '--development'],
    ['other', '--test'],
    ['', '--test'],
  ])('maps compose type %j to %s', (type, flag) => {
    expect(command({ composeType: type }).at(-1)).toBe(flag);
  });

  it('puts extra args after the compose dir and adds no compose type when they already set one', () => {
    expect(command({ composeType: 'ci' }, { extraArgs: ['--nightly', '--quiet'] }).slice(4)).toEqual(['--nightly', '--quiet']);
    expect(command({}, { extraArgs: ['--quiet'] }).slice(4)).toEqual(['--quiet', '--test']);
  });

  it('adds label, every parent compose id and respin-of in that order', () => {
    const argv = command({
      label: 'Beta-1.0',
      parentPungiComposeIds: ['Fedora-40-20240101.0', 'Fedora-40-20240102.0'],
      respinOf: 'odcs-3-1-20240101.t.0',
    });
    expect(argv.slice(5)).toEqual([
      '--label=Beta-1.0',
      '--parent-compose-id=Fedora-40-20240101.0',
      '--parent-compose-id=Fedora-40-20240102.0',
      '--respin-of=odcs-3-1-20240101.t.0',
    ]);
  });

  it.each([
    ['tag', true],
    ['raw_config', true],
    ['build', false],
    ['module', false],
    ['repo', false],
    ['pungi_compose', false],
  ] as const)('passes --koji-event for %s composes: %s', (sourceType, passed) => {
    const argv = command({ sourceType, kojiEvent: 4242 });
    expect(argv.includes('--koji-event')).toBe(passed);
    if (passed) expect(argv.slice(-2)).toEqual(['--koji-event', '4242']);
  });

  it('ends with --old-composes when an old-compose dir is given', () => {
    expect(command({ kojiEvent: 1 }, { oldComposesDir: '/srv/odcs/koji_tag_cache' }).slice(-4)).toEqual([
      '--koji-event',
      '1',
      '--old-composes',
      '/srv/odcs/koji_tag_cache',
    ]);
    expect(command({}, { oldComposesDir: null })).not.toContain('--old-composes');
  });
});
