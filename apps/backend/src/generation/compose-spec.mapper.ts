import { bitNames, type ComposeProps, FLAGS, items, MULTILIB_METHODS, RESULTS } from '@odcs/compose';
import type { PungiComposeSpec } from '@odcs/pungi';

/** The compose as the engines see it (libs/pungi knows nothing of the compose aggregate). */
export function toPungiComposeSpec(c: Readonly<ComposeProps>): PungiComposeSpec {
  const [defaultsUrl, defaultsCommit] = items(c.moduleDefaultsUrl);
  return {
    id: c.id,
    sourceType: c.sourceType,
    source: items(c.source),
    packages: items(c.packages),
    builds: items(c.builds),
    // '' items mean "unsigned allowed" and must survive: split on single spaces, keep empties.
    sigkeys: c.sigkeys ? c.sigkeys.split(' ') : [],
    arches: items(c.arches),
    multilibArches: items(c.multilibArches),
    multilibMethods: bitNames(MULTILIB_METHODS, c.multilibMethod),
    lookasideRepos: items(c.lookasideRepos),
    flags: bitNames(FLAGS, c.flags),
    results: bitNames(RESULTS, c.results),
    kojiEvent: c.kojiEvent,
    modularKojiTags: items(c.modularKojiTags),
    moduleDefaults: defaultsUrl && defaultsCommit ? { url: defaultsUrl, commit: defaultsCommit } : null,
    scratchModules: items(c.scratchModules),
    scratchBuildTasks: items(c.scratchBuildTasks),
    modules: items(c.modules),
    label: c.label,
    composeType: c.composeType ?? 'test',
    parentPungiComposeIds: items(c.parentPungiComposeIds),
    respinOf: c.respinOf,
  };
}
