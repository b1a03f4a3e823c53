import type { OdcsConfig } from '@odcs/config';
import { InvalidComposeInputError } from '../../domain/compose.errors.js';
import { FLAGS, MULTILIB_METHODS, RESULTS, SOURCE_TYPES, type SourceType } from '../../domain/compose-enums.js';
import type { NewComposeProps } from '../../domain/compose-props.js';
import { excerpt, jsonExcerpt } from './client-text.js';
import { resolveSecondsToLive } from './seconds-to-live.js';
import { isFalsyBody, validateRequestStructure } from './validate-request-structure.js';

export type RequestConfig = Pick<
  OdcsConfig,
  | 'seconds_to_live'
  | 'max_seconds_to_live'
  | 'arches'
  | 'sigkeys'
  | 'raw_config_urls'
  | 'base_module_names'
  | 'extra_target_dirs'
  | 'target_dir'
>;

export interface ParsedCreateRequest {
  fields: Omit<NewComposeProps, 'owner'>;
  secondsToLive: number;
}

const bad = (message: string): never => {
  throw new InvalidComposeInputError(message);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): string[] | null => (Array.isArray(v) ? (v as string[]) : null);
const joined = (v: unknown): string | null => (Array.isArray(v) ? (v as string[]).join(' ') : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null);

/** Turns an ODCS POST body into compose fields, with every rule and message of CONTRACT §2. */
export function parseCreateRequest(body: unknown, config: RequestConfig): ParsedCreateRequest {
  if (isFalsyBody(body)) bad('No JSON POST data submitted');
  if (!isObject(body)) return bad(`Invalid source configuration provided: ${jsonExcerpt(body)}`);
  validateRequestStructure(body);
  const secondsToLive = resolveSecondsToLive(body, config);
  const source = body['source'];
  if (!isObject(source)) return bad(`Invalid source configuration provided: ${jsonExcerpt(body)}`);
  if (!('type' in source)) bad(`Missing type in source configuration, received: ${jsonExcerpt(source)}`);
  const typeName = source['type'] as string;
  if (!Object.hasOwn(SOURCE_TYPES, typeName)) bad(`Unknown source type "${excerpt(String(typeName))}"`);
  const sourceType = typeName as SourceType;

  const sourceItems = [...new Set((str(source['source']) ?? '').split(' ').filter((s) => s !== ''))];
  const scratchModules = joined(source['scratch_modules']);
  if (sourceItems.length === 0 && sourceType !== 'build' && !(sourceType === 'module' && scratchModules)) {
    bad(`No source provided for ${SOURCE_TYPES[sourceType]}`);
  }
  if (sourceType === 'raw_config') checkRawConfig(sourceItems, config);
  if (sourceType === 'module') checkModules(sourceItems, config);

  const defaultsUrl = str(source['module_defaults_url']);
  const defaultsCommit = str(source['module_defaults_commit']);
  if (!defaultsUrl !== !defaultsCommit) bad('The "module_defaults_url" and "module_defaults_commit" must be used together.');

  for (const key of ['arches', 'multilib_arches', 'lookaside_repos', 'parent_pungi_compose_ids'] as const) {
    if (body[key] !== undefined && !Array.isArray(body[key])) bad(`${key} should be a list`);
  }
  if (source['modular_koji_tags'] !== undefined && !Array.isArray(source['modular_koji_tags'])) bad('modular_koji_tags should be a list');
  const sigkeys = list(source['sigkeys']);
  return {
    secondsToLive,
    fields: {
      sourceType,
      source: sourceItems.join(' '),
      packages: joined(source['packages']),
      builds: joined(source['builds']),
      sigkeys: sigkeys ? sigkeys.join(' ') : config.sigkeys.join(' '),
      kojiEvent: int(source['koji_event']),
      modularKojiTags: joined(source['modular_koji_tags']),
      moduleDefaultsUrl: defaultsUrl && defaultsCommit ? `${defaultsUrl} ${defaultsCommit}` : null,
      scratchModules,
      scratchBuildTasks: joined(source['scratch_build_tasks']),
      modules: joined(source['modules']),
      baseModuleBrName: str(source['base_module_br_name']),
      baseModuleBrStream: str(source['base_module_br_stream']),
      baseModuleBrStreamVersionLte: int(source['base_module_br_stream_version_lte']),
      baseModuleBrStreamVersionGte: int(source['base_module_br_stream_version_gte']),
      flags: flagsMask(body['flags']),
      results: resultsMask(body['results']),
      arches: list(body['arches'])?.length ? (body['arches'] as string[]).join(' ') : config.arches.join(' '),
      multilibArches: joined(body['multilib_arches']) ?? '',
      multilibMethod: multilibMask(body['multilib_method']),
      lookasideRepos: joined(body['lookaside_repos']) ?? '',
      label: str(body['label']),
      composeType: str(body['compose_type']) ?? 'test',
      targetDir: targetDirPath(body['target_dir'], config),
      parentPungiComposeIds: joined(body['parent_pungi_compose_ids']),
      respinOf: str(body['respin_of']),
      pungiConfigDump: null,
      celeryTaskId: null,
    },
  };
}

function checkRawConfig(items: string[], config: RequestConfig): void {
  if (items.length > 1) bad('Only single source is allowed for "raw_config" source_type');
  const parts = (items[0] ?? '').split('#');
  if (parts.length !== 2 || !parts[0] || !parts[1]) bad('Source must be in "source_name#commit_hash" format for "raw_config" source_type.');
  if (!Object.hasOwn(config.raw_config_urls, parts[0]!)) bad(`Source "${excerpt(parts[0]!)}" does not exist in server configuration.`);
}

function checkModules(items: string[], config: RequestConfig): void {
  for (const item of items) {
    if (!item.includes(':')) bad(`Module definition must be in "n:s", "n:s:v" or "n:s:v:c" format, but got ${excerpt(item)}`);
    const name = item.split(':')[0]!;
    if (config.base_module_names.includes(name)) {
      bad(`ODCS currently cannot create compose with base modules, but ${name} was requested.`);
    }
  }
}

function names(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return bad(`${key} should be a list`);
  return value.map(String);
}

function flagsMask(value: unknown): number {
  return names(value, 'flags').reduce(
    (mask, n) => mask | (Object.hasOwn(FLAGS, n) ? FLAGS[n as keyof typeof FLAGS] : bad(`Unknown flag "${excerpt(n)}"`)),
    0,
  );
}

function resultsMask(value: unknown): number {
  return names(value, 'results').reduce<number>((mask, n) => {
    if (n === 'ostree') bad('Result "ostree" is not supported: odcs does not build ostree composes.');
    return mask | (Object.hasOwn(RESULTS, n) ? RESULTS[n as keyof typeof RESULTS] : bad(`Unknown result "${excerpt(n)}"`));
  }, RESULTS.repository);
}

function multilibMask(value: unknown): number {
  return names(value, 'multilib_method').reduce(
    (mask, n) =>
      mask |
      (Object.hasOwn(MULTILIB_METHODS, n)
        ? MULTILIB_METHODS[n as keyof typeof MULTILIB_METHODS]
        : bad(`Unknown multilib method "${excerpt(n)}"`)),
    0,
  );
}

function targetDirPath(value: unknown, config: RequestConfig): string | null {
  if (value === undefined || value === '' || value === 'default') return null;
  const name = typeof value === 'string' ? value : JSON.stringify(value);
  const path = Object.hasOwn(config.extra_target_dirs, name) ? config.extra_target_dirs[name] : undefined;
  return path ?? bad(`Unknown "target_dir" "${name}"`);
}
