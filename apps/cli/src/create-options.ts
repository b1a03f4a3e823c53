import { type Command, InvalidArgumentError, Option } from 'commander';

/** Where an option lands in the POST body: inside `source` or at the top level. */
type Place = 'source' | 'top';

interface OptionSpec {
  flags: string;
  desc: string;
  key: string;
  place: Place;
  kind: 'list' | 'string' | 'int';
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const int = (value: string) => {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('Not an integer.');
  return Number(value);
};

/** The python CLI's create options (CONTRACT §13.2), by commander attribute name. */
const SPECS: Record<string, OptionSpec> = {
  sigkey: {
    flags: '--sigkey <key>',
    desc: 'signing key id ("none": unsigned allowed), repeatable',
    key: 'sigkeys',
    place: 'source',
    kind: 'list',
  },
  kojiEvent: { flags: '--koji-event <event>', desc: 'Koji event id', key: 'koji_event', place: 'source', kind: 'int' },
  arch: { flags: '--arch <arch>', desc: 'architecture, repeatable', key: 'arches', place: 'top', kind: 'list' },
  moduleDefaultsUrl: {
    flags: '--module-defaults-url <url>',
    desc: 'git URL of module defaults',
    key: 'module_defaults_url',
    place: 'source',
    kind: 'string',
  },
  moduleDefaultsCommit: {
    flags: '--module-defaults-commit <commit>',
    desc: 'commit of module defaults',
    key: 'module_defaults_commit',
    place: 'source',
    kind: 'string',
  },
  modularTag: {
    flags: '--modular-tag <tag>',
    desc: 'Koji tag with module builds, repeatable',
    key: 'modular_koji_tags',
    place: 'source',
    kind: 'list',
  },
  lookasideRepo: {
    flags: '--lookaside-repo <url>',
    desc: 'lookaside repository URL, repeatable',
    key: 'lookaside_repos',
    place: 'top',
    kind: 'list',
  },
  targetDir: { flags: '--target-dir <name>', desc: 'name of the target directory', key: 'target_dir', place: 'top', kind: 'string' },
  build: { flags: '--build <nvr>', desc: 'Koji build NVR, repeatable', key: 'builds', place: 'source', kind: 'list' },
  flag: {
    flags: '--flag <flag>',
    desc: 'compose flag (no_deps, no_inheritance, ...), repeatable',
    key: 'flags',
    place: 'top',
    kind: 'list',
  },
  scratchModule: {
    flags: '--scratch-module <nsvc>',
    desc: 'scratch module N:S:V:C, repeatable',
    key: 'scratch_modules',
    place: 'source',
    kind: 'list',
  },
  result: { flags: '--result <result>', desc: 'result (iso, boot.iso, ...), repeatable', key: 'results', place: 'top', kind: 'list' },
  label: { flags: '--label <label>', desc: 'compose label', key: 'label', place: 'top', kind: 'string' },
  composeType: {
    flags: '--compose-type <type>',
    desc: 'compose type (test, nightly, ...)',
    key: 'compose_type',
    place: 'top',
    kind: 'string',
  },
  secondsToLive: {
    flags: '--seconds-to-live <seconds>',
    desc: 'time to live of the compose',
    key: 'seconds_to_live',
    place: 'top',
    kind: 'int',
  },
  baseModuleBrName: {
    flags: '--base-module-br-name <name>',
    desc: 'base module buildrequire name',
    key: 'base_module_br_name',
    place: 'source',
    kind: 'string',
  },
  baseModuleBrStream: {
    flags: '--base-module-br-stream <stream>',
    desc: 'base module buildrequire stream',
    key: 'base_module_br_stream',
    place: 'source',
    kind: 'string',
  },
  baseModuleBrStreamVersionLte: {
    flags: '--base-module-br-stream-version-lte <int>',
    desc: 'base module stream version <=',
    key: 'base_module_br_stream_version_lte',
    place: 'source',
    kind: 'int',
  },
  baseModuleBrStreamVersionGte: {
    flags: '--base-module-br-stream-version-gte <int>',
    desc: 'base module stream version >=',
    key: 'base_module_br_stream_version_gte',
    place: 'source',
    kind: 'int',
  },
};

export type OptionName = keyof typeof SPECS;

const COMMON: OptionName[] = ['flag', 'result', 'arch', 'label', 'composeType', 'targetDir', 'lookasideRepo', 'secondsToLive'];

/** Options of each create subcommand: the python CLI's, plus the top-level keys every request accepts. */
export const CREATE_OPTIONS: Record<string, OptionName[]> = {
  tag: [...COMMON, 'sigkey', 'kojiEvent', 'moduleDefaultsUrl', 'moduleDefaultsCommit', 'modularTag', 'build', 'scratchModule'],
  module: [
    ...COMMON,
    'sigkey',
    'moduleDefaultsUrl',
    'moduleDefaultsCommit',
    'modularTag',
    'scratchModule',
    'baseModuleBrName',
    'baseModuleBrStream',
    'baseModuleBrStreamVersionLte',
    'baseModuleBrStreamVersionGte',
  ],
  build: [...COMMON, 'sigkey', 'kojiEvent'],
  pulp: [...COMMON],
  'raw-config': [...COMMON, 'sigkey', 'kojiEvent', 'build'],
  'pungi-compose': [...COMMON, 'sigkey'],
};

export function addCreateOptions(cmd: Command, names: OptionName[]): Command {
  for (const name of names) {
    const spec = SPECS[name]!;
    const option = new Option(spec.flags, spec.desc);
    if (spec.kind === 'list') option.argParser(collect);
    if (spec.kind === 'int') option.argParser(int);
    cmd.addOption(option);
  }
  return cmd;
}

/** The POST /api/1/composes/ body for a source of `type` and the parsed options. */
export function createBody(type: string, source: Record<string, unknown>, opts: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const src: Record<string, unknown> = { type, ...source };
  for (const [name, spec] of Object.entries(SPECS)) {
    let value = opts[name];
    if (value === undefined) continue;
    // `--sigkey none` allows unsigned packages: upstream sends "" for it.
    if (name === 'sigkey') value = (value as string[]).map((k) => (k === 'none' ? '' : k));
    (spec.place === 'source' ? src : body)[spec.key] = value;
  }
  body['source'] = src;
  return body;
}
