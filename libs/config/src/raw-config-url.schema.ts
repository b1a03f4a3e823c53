/**
 * One entry of raw_config_urls (CONTRACT §9.3), checked at start-up. Checked by hand rather than
 * with class-validator: every odcs process loads the configuration, and class-validator (with
 * validator.js and libphonenumber's metadata) cost each of them about 3 MB of heap for this alone.
 */

/** http(s)://, git://, ssh://, git+ssh:// and file:// URLs, or scp-like user@host:path. */
const GIT_URL = /^(?:(?:https?|git|ssh|git\+ssh):\/\/[^\s/]+\/\S*|file:\/\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/;

const absent = (v: unknown): boolean => v === undefined || v === null;
const optionalString = (name: string) => (v: unknown) => (absent(v) || typeof v === 'string' ? null : `${name} must be a string`);

/** The checks of an entry's keys, in the order their problems are reported (the first one wins). */
const ENTRY_CHECKS: ReadonlyArray<readonly [string, (v: unknown) => string | null]> = [
  ['url', (v) => (typeof v === 'string' && GIT_URL.test(v) ? null : 'url must be a git URL')],
  ['config_filename', (v) => (typeof v === 'string' ? null : 'config_filename must be a file name')],
  ['commit', optionalString('commit')],
  ['path', optionalString('path')],
  ['schema_override', optionalString('schema_override')],
  ['raw_config_wrapper', optionalString('raw_config_wrapper')],
  [
    'raw_config_pungi_koji_args',
    (v) =>
      absent(v) || (Array.isArray(v) && v.every((a) => typeof a === 'string'))
        ? null
        : 'raw_config_pungi_koji_args must be a list of strings',
  ],
  [
    'pungi_timeout',
    (v) => {
      if (absent(v)) return null;
      if (typeof v !== 'number' || !(v >= 1)) return 'pungi_timeout must be at least 1 second';
      return Number.isInteger(v) ? null : 'pungi_timeout must be a whole number of seconds';
    },
  ],
];

/** The first problem of a raw_config_urls map, naming the entry; null when all entries are valid. */
export function rawConfigUrlsProblem(value: Record<string, unknown>): string | null {
  for (const [name, entry] of Object.entries(value)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return `entry "${name}" must be an object`;
    for (const [key, check] of ENTRY_CHECKS) {
      const problem = check((entry as Record<string, unknown>)[key]);
      if (problem) return `entry "${name}": ${problem}`;
    }
  }
  return null;
}
