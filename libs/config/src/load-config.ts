import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CONFIG_OPTIONS, type OptionSpec } from './config-options.js';
import type { OdcsConfig } from './odcs-config.js';

export class ConfigError extends Error {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`Invalid configuration option "${option}": ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export const envName = (option: string): string => `ODCS_${option.toUpperCase()}`;

function fromText(name: string, spec: OptionSpec, text: string): unknown {
  switch (spec.kind) {
    case 'string':
    case 'enum':
      return text;
    case 'int': {
      if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(name, `expected an integer, got ${JSON.stringify(text)}`);
      return Number(text.trim());
    }
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(t)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
      throw new ConfigError(name, `expected true or false, got ${JSON.stringify(text)}`);
    }
    case 'list': {
      const t = text.trim();
      if (t.startsWith('[')) return parseJson(name, t);
      return t === '' ? [] : t.split(/[\s,]+/).filter((s) => s !== '');
    }
    case 'json':
      return parseJson(name, text);
  }
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(name, `not valid JSON (${(e as Error).message})`);
  }
}

function checkType(name: string, spec: OptionSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') throw new ConfigError(name, 'expected a string');
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values?.includes(value)) {
        throw new ConfigError(name, `expected one of ${spec.values?.join(', ')}, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new ConfigError(name, `expected an integer, got ${JSON.stringify(value)}`);
      if (spec.min !== undefined && value < spec.min) throw new ConfigError(name, `must be at least ${spec.min}, got ${value}`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new ConfigError(name, 'expected true or false');
      return value;
    case 'list':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(name, 'expected a list of strings');
      return value;
    case 'json':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(name, 'expected a JSON object');
      return value;
  }
}

/**
 * Builds the configuration from (in order of precedence) environment variables, the JSON file
 * named by ODCS_CONFIG_FILE, overrides given by code (tests), and defaults. Throws ConfigError
 * naming the first bad option.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<OdcsConfig> = {}): OdcsConfig {
  const file = env.ODCS_CONFIG_FILE ? readConfigFile(env.ODCS_CONFIG_FILE) : {};
  for (const key of Object.keys(file)) {
    if (!(key in CONFIG_OPTIONS)) throw new ConfigError(key, `unknown option in ${env.ODCS_CONFIG_FILE}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_OPTIONS) as [keyof OdcsConfig, OptionSpec][]) {
    const envKey = [envName(name), ...(spec.aliases ?? [])].find((k) => env[k] !== undefined);
    let value: unknown;
    if (envKey !== undefined) value = fromText(name, spec, env[envKey] as string);
    else if (name in file) value = file[name];
    else if (name in overrides) value = overrides[name];
    else value = typeof spec.default === 'function' ? spec.default(out) : spec.default;
    out[name] = checkType(name, spec, value);
  }
  const config = finish(out as unknown as OdcsConfig);
  for (const [name, spec] of Object.entries(CONFIG_OPTIONS) as [keyof OdcsConfig, OptionSpec][]) {
    const problem = (spec.check as ((v: unknown, all: OdcsConfig) => string | null) | undefined)?.(config[name], config);
    if (problem) throw new ConfigError(name, problem);
  }
  return config;
}

function finish(c: OdcsConfig): OdcsConfig {
  const dataDir = resolve(c.data_dir);
  const targetDir = c.target_dir === '' ? resolve(dataDir, 'composes') : c.target_dir;
  if (!isAbsolute(targetDir)) throw new ConfigError('target_dir', 'must be an absolute path');
  return { ...c, data_dir: dataDir, target_dir: targetDir, target_dir_url: c.target_dir_url.replace(/\/+$/, '') };
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('ODCS_CONFIG_FILE', `cannot read ${path}: ${(e as Error).message}`);
  }
  const parsed = parseJson('ODCS_CONFIG_FILE', text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('ODCS_CONFIG_FILE', `${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
