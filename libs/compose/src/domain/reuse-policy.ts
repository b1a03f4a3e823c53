import type { ComposeProps } from './compose-props.js';
import { items } from './compose-props.js';
import { FLAGS } from './compose-enums.js';

/** Compared as sets of their space-separated items (null = "" = empty). */
const SET_FIELDS = [
  'packages',
  'builds',
  'arches',
  'lookasideRepos',
  'multilibArches',
  'modularKojiTags',
  'scratchModules',
  'modules',
  'scratchBuildTasks',
  'parentPungiComposeIds',
] as const;

/** Compared exactly. */
const EXACT_FIELDS = ['source', 'flags', 'results', 'moduleDefaultsUrl', 'respinOf', 'targetDir', 'multilibMethod'] as const;

const sameItems = (x: ReadonlySet<string>, y: ReadonlySet<string>): boolean => x.size === y.size && [...x].every((v) => y.has(v));
const sameSet = (a: string | null, b: string | null): boolean => sameItems(new Set(items(a)), new Set(items(b)));

/**
 * Sigkeys keep their empty item, which allows unsigned RPMs (`"K "` is not `"K"`; null = "" = `[""]`,
 * which like `[]` needs no signature), and are compared without case: engines pick signed copies
 * by the lower-cased key id, as Koji stores them.
 */
const sigkeySet = (s: string | null): Set<string> => new Set((s ?? '').toLowerCase().split(' '));
const sameSigkeys = (a: string | null, b: string | null): boolean => sameItems(sigkeySet(a), sigkeySet(b));

/** May this compose reuse another at all (CONTRACT §6.1)? */
export function mayReuse(c: Readonly<ComposeProps>): boolean {
  return (c.flags & FLAGS.no_reuse) === 0 && c.sourceType !== 'raw_config' && c.sourceType !== 'pulp';
}

/**
 * The attribute rules of CONTRACT §6.3 (everything but Koji's "tag changed" check, which the
 * backend asks Koji for, for tag composes). `candidate` is an older compose of the same type.
 */
export function matchesForReuse(c: Readonly<ComposeProps>, candidate: Readonly<ComposeProps>): boolean {
  if (candidate.sourceType !== c.sourceType || candidate.id >= c.id || candidate.reusedId !== null) return false;
  if (!SET_FIELDS.every((f) => sameSet(c[f], candidate[f])) || !sameSigkeys(c.sigkeys, candidate.sigkeys)) return false;
  if (!EXACT_FIELDS.every((f) => (c[f] ?? null) === (candidate[f] ?? null))) return false;
  if (c.kojiEvent !== null && candidate.kojiEvent !== null && c.kojiEvent < candidate.kojiEvent) return false;
  if (c.sourceType === 'tag') return true; // plus Koji: tag and parents unchanged since candidate.kojiEvent
  return c.kojiEvent === candidate.kojiEvent;
}
