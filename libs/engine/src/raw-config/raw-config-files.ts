import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import nunjucks from 'nunjucks';

/** Shipped wrapper (CONTRACT §9.3): the raw config, with odcs's own settings on top. */
export const DEFAULT_RAW_CONFIG_WRAPPER = "from raw_config import *\n\nkoji_profile = 'odcs_stg'\ncreaterepo_deltas = False\n";

/** Why the raw config files could not be prepared; the message is the compose's failure reason. */
export class RawConfigError extends Error {}

export interface RawConfigFilesInput {
  /** The checked-out repository. */
  repoDir: string;
  /** `path` of the raw_config_urls entry: the subdir of the repository holding the config. */
  path?: string;
  configFilename: string;
  /** Wrapper template text (Jinja2). */
  wrapper: string;
  /** Compose JSON, the template's `compose` variable. */
  compose: Readonly<Record<string, unknown>>;
  /** `pungi_config_dump` of the compose (respin of a production compose), if any. */
  pungiConfigDump: string | null;
  /** Pungi's cwd: receives the repository's files, raw_config.conf and the main config. */
  configDir: string;
}

/**
 * Lays out a raw config for Pungi (§9.3): the repository (or its `path` subdir) copied into the
 * config dir, `config_filename` as `raw_config.conf`, the rendered wrapper as `pungi.conf`; for a
 * respin of a compose with a config dump, `pungi.json` = the dump with the wrapper's own settings.
 * Returns the main config file name.
 */
export async function writeRawConfigFiles(input: RawConfigFilesInput): Promise<string> {
  const source = input.path ? insideRepo(input.repoDir, input.path) : input.repoDir;
  if (!(await stat(source).catch(() => null))?.isDirectory()) {
    throw new RawConfigError(`The raw config repository has no directory ${input.path ?? '.'}`);
  }
  await cp(source, input.configDir, { recursive: true, filter: (src) => !/(^|\/)\.git$/.test(src) });
  const config = await readFile(insideRepo(source, input.configFilename), 'utf8').catch(() => {
    throw new RawConfigError(`The raw config repository has no file ${join(input.path ?? '', input.configFilename)}`);
  });
  const wrapper = renderWrapper(input.wrapper, input.compose);
  await writeFile(join(input.configDir, 'raw_config.conf'), config);
  await writeFile(join(input.configDir, 'pungi.conf'), wrapper);
  if (!input.pungiConfigDump) return 'pungi.conf';
  let dump: Record<string, unknown>;
  try {
    dump = JSON.parse(input.pungiConfigDump) as Record<string, unknown>;
  } catch (e) {
    throw new RawConfigError(`The pungi_config_dump of the compose is not JSON: ${(e as Error).message}`);
  }
  await rm(join(input.configDir, 'pungi.json'), { force: true });
  await writeFile(join(input.configDir, 'pungi.json'), JSON.stringify({ ...dump, ...simpleAssignments(wrapper) }, null, 2));
  return 'pungi.json';
}

/** Renders the wrapper as a Jinja2 template (nunjucks) with `compose` = the compose JSON. */
export function renderWrapper(template: string, compose: Readonly<Record<string, unknown>>): string {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  try {
    return env.renderString(template, { compose });
  } catch (e) {
    throw new RawConfigError(`Cannot render the raw config wrapper: ${(e as Error).message.replace(/\s+/g, ' ').trim()}`);
  }
}

const PY_STRING = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/;

/**
 * Top-level `name = <str|int|True|False|None>` lines of a Pungi config, as JSON values (other
 * statements, such as imports or structured values, are left out).
 */
export function simpleAssignments(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(.+?)\s*(?:#.*)?$/.exec(line);
    if (!m) continue;
    const [, name, raw] = m as unknown as [string, string, string];
    const str = PY_STRING.exec(raw);
    if (str) out[name] = (str[1] ?? str[2] ?? '').replace(/\\(.)/g, '$1');
    else if (/^-?\d+$/.test(raw)) out[name] = Number(raw);
    else if (raw === 'True' || raw === 'False') out[name] = raw === 'True';
    else if (raw === 'None') out[name] = null;
  }
  return out;
}

function insideRepo(root: string, path: string): string {
  const full = normalize(join(root, path));
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new RawConfigError(`The raw config path ${path} leaves the repository`);
  return full;
}
