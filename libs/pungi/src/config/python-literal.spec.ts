import { describe, expect, it } from 'vitest';
import { encodePyValue, readPungiConf } from '../../../../test/support/pungi/read-pungi-conf.js';
import type { PyValue } from './python-literal.js';
import { pyDict, pyTuple, renderPyAssignments, renderPyStr, renderPyValue } from './python-literal.js';

const HOSTILE_STRINGS: string[] = [
  '',
  "'",
  '"',
  `'"`,
  '\\',
  'abc\\',
  "\\'",
  'a\nb = 1',
  'line\r\nbreak',
  "'''",
  '"""',
  "''' + open('x') + '''",
  '# not a comment',
  '$basearch',
  'http://example.com/$basearch/os',
  '%s %d %(name)s %%',
  '%',
  "'] ; import os #",
  "' % (1,) #",
  'žluťoučký kůň',
  'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'lone \ud800 surrogate',
  'nul \0 byte',
  'separators \u2028 \u2029 \u0085',
  'bom \ufeff rtl \u202e',
  'tab\there',
  '\x7f del and \x1b escape',
  '\\x41 \\u0041 \\n',
  "u'prefix'",
  'f"{__import__(\'os\')}"',
];

function expectReadBack(assignments: [string, PyValue][]): void {
  const text = renderPyAssignments(assignments);
  expect(text).toMatch(/^[\x20-\x7e\n]*$/); // pure printable ASCII + newlines
  const read = readPungiConf(text);
  const expected = assignments.map(([name, value]) => [name, encodePyValue(value)]);
  expect(read.kobo).toEqual(expected);
  expect(read.python).toEqual(expected);
}

describe('renderPyStr', () => {
  it('writes plain printable ASCII as a plain single-quoted string', () => {
    expect(renderPyStr('x86_64')).toBe("'x86_64'");
    expect(renderPyStr('100% $basearch #1')).toBe("'100% $basearch #1'");
  });

  it('uses double quotes when only a single quote is present', () => {
    expect(renderPyStr("it's")).toBe(`"it's"`);
  });

  it('uses %c formatting for characters kobo cannot read from a plain string', () => {
    expect(renderPyStr('a\nb')).toBe("'a%cb' % (10,)");
    expect(renderPyStr(`'"%`)).toBe(`'%c"%%' % (39,)`);
    expect(renderPyStr('é\\')).toBe("'%c%c' % (233, 92)");
  });
});

describe('renderPyValue', () => {
  it('writes every supported type inline when it fits', () => {
    const value: PyValue = [pyTuple('^.*$', pyDict([['*', ['a', 1, -2, true, false, null]]])), pyTuple()];
    expect(renderPyValue(value)).toBe("[('^.*$', {'*': ['a', 1, -2, True, False, None]}), ()]");
  });

  it('writes a one-item tuple with its trailing comma', () => {
    expect(renderPyValue(pyTuple('a'))).toBe("('a',)");
  });

  it('splits long containers one item per line with trailing commas', () => {
    const long = Array.from({ length: 8 }, (_, i) => `package-number-${i}`);
    expect(renderPyValue(pyDict([['x86_64', long]]))).toBe(
      "{\n    'x86_64': [\n" + long.map((p) => `        '${p}',\n`).join('') + '    ],\n}',
    );
  });

  it('rejects duplicate dict keys, which kobo refuses to load', () => {
    expect(() =>
      renderPyValue(
        pyDict([
          ['x86_64', 1],
          ['x86_64', 2],
        ]),
      ),
    ).toThrow(/Duplicate key "x86_64"/);
  });

  it('rejects numbers that have no integer literal', () => {
    expect(() => renderPyValue(1.5)).toThrow(/only safe integers/);
    expect(() => renderPyValue(Number.NaN)).toThrow(/only safe integers/);
  });
});

describe('renderPyAssignments', () => {
  it('rejects option names that are not Python identifiers', () => {
    expect(() => renderPyAssignments([['a = 1\nb', 1]])).toThrow(/not a Python identifier/);
    expect(() => renderPyAssignments([['None', 1]])).toThrow(/not a Python identifier/);
  });

  it('rejects an option written twice', () => {
    expect(() =>
      renderPyAssignments([
        ['a', 1],
        ['a', 2],
      ]),
    ).toThrow(/written twice/);
  });

  it.each(HOSTILE_STRINGS.map((s) => [JSON.stringify(s), s]))(
    'reads back the hostile string %s exactly, as a value and as a dict key, under kobo and Python rules',
    (_label, hostile) => {
      expectReadBack([
        ['value', hostile],
        ['in_containers', [hostile, pyTuple(hostile, pyDict([[hostile, [hostile]]]))]],
        ['after', 'sentinel'],
      ]);
    },
  );

  it('reads back all hostile strings together in one file', () => {
    expectReadBack([
      ['all', HOSTILE_STRINGS],
      ['keys', pyDict(HOSTILE_STRINGS.map((s, i) => [s, i]))],
      ['after', 'sentinel'],
    ]);
  });
});
