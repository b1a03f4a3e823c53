import type { PungiComposeSpec } from '../../../libs/pungi/src/pungi-compose-spec.model.js';

/** A plain tag compose with every optional input empty; override what a test cares about. */
export function aPungiComposeSpec(overrides: Partial<PungiComposeSpec> = {}): PungiComposeSpec {
  return {
    id: 1,
    sourceType: 'tag',
    source: ['f40-build'],
    packages: [],
    builds: [],
    sigkeys: [],
    arches: ['x86_64'],
    multilibArches: [],
    multilibMethods: [],
    lookasideRepos: [],
    flags: [],
    results: ['repository'],
    kojiEvent: null,
    modularKojiTags: [],
    moduleDefaults: null,
    scratchModules: [],
    scratchBuildTasks: [],
    modules: [],
    label: null,
    composeType: 'test',
    parentPungiComposeIds: [],
    respinOf: null,
    ...overrides,
  };
}
