/**
 * Serializer for the Python-literal subset that Pungi reads from `pungi.conf`.
 *
 * Pungi loads `.conf` files with kobo's PyConfigParser. It tokenizes the file with Python's
 * tokenizer but takes a string's value as the raw text between the quotes: it does NOT process
 * escape sequences (`'a\nb'` would reach Pungi as a, backslash, n, b). The only way kobo offers
 * to produce an arbitrary character is `%` formatting, which it evaluates:
 * `'a%cb' % (10,)` is `'a\nb'` both for kobo and for Python.
 *
 * So every string is written either
 *   - plainly, `'text'` or `"text"`, when it holds only printable ASCII without a backslash and
 *     without one of the two quote characters (identical value for kobo and Python), or
 *   - formatted, `'te%cxt' % (39,)`, where every character other than printable ASCII (and every
 *     quote and backslash) becomes `%c` with its code point and `%` becomes `%%`.
 * The file is therefore pure ASCII and no input string can end a string token early, start a
 * comment, continue a line or add a statement.
 */

/** A Python tuple (a JS array is written as a Python list). */
export class PyTuple {
  readonly items: readonly PyValue[];
  constructor(...items: PyValue[]) {
    this.items = items;
  }
}

/** A Python dict with keys kept in insertion order; duplicate keys are rejected when written. */
export class PyDict {
  constructor(readonly entries: ReadonlyArray<readonly [PyKey, PyValue]>) {}
}

export type PyKey = string | number;
export type PyValue = string | number | boolean | null | readonly PyValue[] | PyTuple | PyDict;

export const pyTuple = (...items: PyValue[]): PyTuple => new PyTuple(...items);
export const pyDict = (entries: ReadonlyArray<readonly [PyKey, PyValue]>): PyDict => new PyDict(entries);

const INDENT = '    ';
const MAX_INLINE_WIDTH = 88;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/** Renders `name = value` lines; names must be Python identifiers (they never come from input). */
export function renderPyAssignments(assignments: ReadonlyArray<readonly [string, PyValue]>): string {
  const seen = new Set<string>();
  return assignments
    .map(([name, value]) => {
      if (!IDENTIFIER.test(name) || PYTHON_KEYWORDS.has(name)) {
        throw new Error(`Cannot write a Pungi config option named ${JSON.stringify(name)}: not a Python identifier`);
      }
      if (seen.has(name)) {
        throw new Error(`Pungi config option ${name} is written twice`);
      }
      seen.add(name);
      return `${name} = ${renderPyValue(value, 0)}\n`;
    })
    .join('');
}

/** Renders one value; containers that do not fit on one line are split one item per line. */
export function renderPyValue(value: PyValue, depth = 0): string {
  const inline = renderInline(value);
  if (INDENT.length * depth + inline.length <= MAX_INLINE_WIDTH || !isContainer(value)) {
    return inline;
  }
  const inner = INDENT.repeat(depth + 1);
  const closing = INDENT.repeat(depth);
  if (value instanceof PyDict) {
    const lines = checkedEntries(value).map(([k, v]) => `${inner}${renderKey(k)}: ${renderPyValue(v, depth + 1)},\n`);
    return `{\n${lines.join('')}${closing}}`;
  }
  const [open, close, items] = value instanceof PyTuple ? ['(', ')', value.items] : ['[', ']', value];
  const lines = items.map((item) => `${inner}${renderPyValue(item, depth + 1)},\n`);
  return `${open}\n${lines.join('')}${closing}${close}`;
}

function isContainer(value: PyValue): value is readonly PyValue[] | PyTuple | PyDict {
  return Array.isArray(value) || value instanceof PyTuple || value instanceof PyDict;
}

function renderInline(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return renderPyInt(value);
  if (typeof value === 'string') return renderPyStr(value);
  if (value instanceof PyTuple) {
    const items = value.items.map(renderInline);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (value instanceof PyDict) {
    return `{${checkedEntries(value)
      .map(([k, v]) => `${renderKey(k)}: ${renderInline(v)}`)
      .join(', ')}}`;
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly PyValue[]).map(renderInline).join(', ')}]`;
  }
  throw new Error(`Cannot write ${typeof value} into a Pungi config`);
}

function checkedEntries(dict: PyDict): ReadonlyArray<readonly [PyKey, PyValue]> {
  const seen = new Set<string>();
  for (const [key] of dict.entries) {
    const id = `${typeof key}:${String(key)}`;
    if (seen.has(id)) {
      // kobo rejects duplicate keys ("Duplicate dict key"); fail here with the key named.
      throw new Error(`Duplicate key ${JSON.stringify(key)} in a Pungi config dict`);
    }
    seen.add(id);
  }
  return dict.entries;
}

/** Integers only: Pungi's config needs no floats, and NaN/Infinity have no literal. */
export function renderPyInt(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`Cannot write ${String(value)} into a Pungi config: only safe integers are supported`);
  }
  return String(value);
}

function renderKey(key: PyKey): string {
  return typeof key === 'number' ? renderPyInt(key) : renderPyStr(key);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A Python/kobo string expression whose value is exactly `text`. */
export function renderPyStr(text: string): string {
  if (PRINTABLE_ASCII.test(text) && !text.includes('\\')) {
    if (!text.includes("'")) return `'${text}'`;
    if (!text.includes('"')) return `"${text}"`;
  }
  let template = '';
  const codes: number[] = [];
  // for..of walks code points; a lone surrogate comes through as itself.
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '%') {
      template += '%%';
    } else if (code >= 0x20 && code <= 0x7e && char !== '\\' && char !== "'") {
      template += char;
    } else {
      template += '%c';
      codes.push(code);
    }
  }
  const args = codes.length === 1 ? `(${codes[0]},)` : `(${codes.join(', ')})`;
  return `'${template}' % ${args}`;
}

export interface PyConfigSection {
  /** Comment written above the section (a fixed text, never input). */
  readonly title: string;
  readonly values: ReadonlyArray<readonly [string, PyValue]>;
}

/** Renders a whole config file: a header comment, then each non-empty section under its comment. */
export function renderPyConfig(header: string, sections: readonly PyConfigSection[]): string {
  const names = sections.flatMap((s) => s.values.map(([name]) => name));
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`Pungi config option ${duplicate} is written twice`);
  const comment = (text: string): string => {
    if (!PRINTABLE_ASCII.test(text)) throw new Error(`Invalid config comment ${JSON.stringify(text)}`);
    return `# ${text}\n`;
  };
  return (
    comment(header) +
    sections
      .filter((s) => s.values.length > 0)
      .map((s) => `\n${comment(s.title)}${renderPyAssignments(s.values)}`)
      .join('')
  );
}
