import { spawnSync } from 'node:child_process';

const PARSE_XML = [
  'import sys, json, xml.dom.minidom',
  'doc = xml.dom.minidom.parseString(sys.stdin.buffer.read())',
  'def walk(n):',
  '    if n.nodeType == n.TEXT_NODE: return n.data',
  '    kids = [walk(c) for c in n.childNodes if not (c.nodeType == c.TEXT_NODE and not c.data.strip())]',
  '    return {"name": n.tagName, "attrs": dict(n.attributes.items()), "children": kids}',
  'sys.stdout.write(json.dumps(walk(doc.documentElement)))',
].join('\n');

export interface ParsedXmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<ParsedXmlElement | string>;
}

/** Parses an XML document with Python's XML parser (a real, independent reader); throws if malformed. */
export function parseXmlWithPython(xml: string): ParsedXmlElement {
  const run = spawnSync('python3', ['-c', PARSE_XML], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`XML did not parse: ${run.stderr}`);
  return JSON.parse(run.stdout) as ParsedXmlElement;
}
