import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWrapper, simpleAssignments } from './raw-config-files.js';
import { linkRawConfigCompose } from './raw-config-links.js';

describe('renderWrapper', () => {
  it('renders Jinja2 with the compose JSON, without HTML escaping', () => {
    const text = renderWrapper("x = '{{ compose.source }}'\n{% for a in compose.arches.split(' ') %}{{ a }};{% endfor %}", {
      source: 'a#<b>&c',
      arches: 'x86_64 ppc64le',
    });
    expect(text).toBe("x = 'a#<b>&c'\nx86_64;ppc64le;");
  });

  it('names the template problem', () => {
    expect(() => renderWrapper('{% if %}', {})).toThrow(/^Cannot render the raw config wrapper: /);
  });
});

describe('simpleAssignments', () => {
  it('reads top-level str, int, bool and None assignments and skips everything else', () => {
    const text =
      "from raw_config import *\nrelease_short = 'c'\nrelease_version = \"10\"  # comment\nn = 3\nok = True\nno = None\nl = ['x']\n  indented = 1\n";
    expect(simpleAssignments(text)).toEqual({ release_short: 'c', release_version: '10', n: 3, ok: true, no: null });
  });
});

describe('linkRawConfigCompose', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('links the compose id and replaces the latest links (with the label one)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'odcs-links-'));
    const link = (id: number, pungiComposeId: string, label: string | null) =>
      linkRawConfigCompose({ targetDir: dir, composeType: 'nightly', composeDirName: `odcs-${id}`, pungiComposeId, label });
    await link(1, 'Fedora-Rawhide-20260101.n.0', 'RC-1');
    await link(2, 'Fedora-Rawhide-20260101.n.1', null);
    const target = (name: string) => readlinkSync(join(dir, 'nightly', name));
    expect(target('Fedora-Rawhide-20260101.n.0')).toBe('../odcs-1');
    expect(target('Fedora-Rawhide-20260101.n.1')).toBe('../odcs-2');
    expect(target('latest-Fedora-Rawhide')).toBe('../odcs-2');
    expect(target('latest-Fedora-Rawhide-RC-1')).toBe('../odcs-1');
  });
});
