import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PyValue } from '../../../libs/pungi/src/config/python-literal.js';
import { PyDict, PyTuple } from '../../../libs/pungi/src/config/python-literal.js';

/** JSON shape printed by read_pungi_conf.py: tuples and dicts are tagged so they stay distinct. */
export type EncodedPyValue =
  string | number | boolean | null | EncodedPyValue[] | { tuple: EncodedPyValue[] } | { dict: [EncodedPyValue, EncodedPyValue][] };

export interface PungiConfReadings {
  /** As kobo's PyConfigParser (what Pungi uses for .conf files) reads it. */
  kobo: [string, EncodedPyValue][];
  /** As Python's own parser reads it. */
  python: [string, EncodedPyValue][];
}

const SCRIPT = fileURLToPath(new URL('./read_pungi_conf.py', import.meta.url));

/** Parses a pungi.conf text with python3 (kobo rules and Python rules); throws on any error. */
export function readPungiConf(text: string): PungiConfReadings {
  const run = spawnSync('python3', [SCRIPT], { input: text, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`read_pungi_conf.py exited ${String(run.status)}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as PungiConfReadings;
}

/** The encoding read_pungi_conf.py would print for a value, for comparisons. */
export function encodePyValue(value: PyValue): EncodedPyValue {
  if (value instanceof PyTuple) return { tuple: value.items.map(encodePyValue) };
  if (value instanceof PyDict) {
    return { dict: value.entries.map(([k, v]): [EncodedPyValue, EncodedPyValue] => [k, encodePyValue(v)]) };
  }
  if (Array.isArray(value)) return (value as readonly PyValue[]).map(encodePyValue);
  return value as string | number | boolean | null;
}
