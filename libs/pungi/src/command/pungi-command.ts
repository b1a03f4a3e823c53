import type { PungiComposeSpec } from '../pungi-compose-spec.model.js';

/** The part of a compose the Pungi command line depends on. */
export type PungiCommandSpec = Pick<
  PungiComposeSpec,
  'sourceType' | 'composeType' | 'label' | 'parentPungiComposeIds' | 'respinOf' | 'kojiEvent'
>;

export interface PungiCommandInput {
  /** `conf.pungi_koji`: the pungi-koji executable. */
  pungiKoji: string;
  /** Absolute path of the main config file in the temporary config dir. */
  configPath: string;
  /** `<target_dir>/odcs-<id>`. */
  composeDir: string;
  /** `conf.pungi_koji_args` (or the raw config's own args); they may already set the compose type. */
  extraArgs: readonly string[];
  spec: PungiCommandSpec;
  /** Directory of older composes Pungi may reuse from (`--old-composes`), if any. */
  oldComposesDir?: string | null;
}

const COMPOSE_TYPE_ARGS: Record<string, string> = {
  test: '--test',
  ci: '--ci',
  nightly: '--nightly',
  production: '--production',
  development: '--development',
};
const ALL_COMPOSE_TYPE_ARGS = new Set(Object.values(COMPOSE_TYPE_ARGS));

/** Builds the pungi-koji argv (§9.5), executable first. Pure. */
export function buildPungiCommand(input: PungiCommandInput): string[] {
  const { spec } = input;
  const argv = [
    input.pungiKoji,
    `--config=${input.configPath}`,
    '--no-latest-link',
    `--compose-dir=${input.composeDir}`,
    ...input.extraArgs,
  ];
  // The compose type flag is added only when the extra args do not already choose one;
  // an unknown compose type falls back to --test.
  if (!argv.some((arg) => ALL_COMPOSE_TYPE_ARGS.has(arg))) {
    argv.push(COMPOSE_TYPE_ARGS[spec.composeType || 'test'] ?? '--test');
  }
  if (spec.label) argv.push(`--label=${spec.label}`);
  for (const parent of spec.parentPungiComposeIds) {
    if (parent) argv.push(`--parent-compose-id=${parent}`);
  }
  if (spec.respinOf) argv.push(`--respin-of=${spec.respinOf}`);
  // Koji event only pins tag and raw_config composes (§8.4).
  if (spec.kojiEvent !== null && (spec.sourceType === 'tag' || spec.sourceType === 'raw_config')) {
    argv.push('--koji-event', String(spec.kojiEvent));
  }
  if (input.oldComposesDir) argv.push('--old-composes', input.oldComposesDir);
  return argv;
}
