/**
 * A tiny XML writer: elements, attributes and text, always escaped.
 * Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF, lone surrogates)
 * are refused with an error naming the offending value instead of producing a broken file.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly children: ReadonlyArray<XmlElement>;
  readonly text: string | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** An element with child elements (no text). */
export function xmlElement(name: string, attributes: Record<string, string> = {}, children: ReadonlyArray<XmlElement> = []): XmlElement {
  return { name: checkedName(name), attributes: checkedAttributes(attributes), children, text: null };
}

/** An element holding only text. */
export function xmlText(name: string, text: string, attributes: Record<string, string> = {}): XmlElement {
  return { name: checkedName(name), attributes: checkedAttributes(attributes), children: [], text };
}

/** Serializes a document: XML declaration, optional DOCTYPE line, the root element indented by two spaces. */
export function renderXmlDocument(root: XmlElement, doctype?: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype ? `${doctype}\n` : '');
  return head + renderElement(root, 0);
}

function renderElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = element.attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (element.text !== null) {
    return `${open}>${escapeXml(element.text)}</${element.name}>\n`;
  }
  if (element.children.length === 0) {
    return `${open}/>\n`;
  }
  const children = element.children.map((c) => renderElement(c, depth + 1)).join('');
  return `${open}>\n${children}${indent}</${element.name}>\n`;
}

// Allowed by XML 1.0: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Escapes text for use in element content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw new Error(
      `Cannot write ${JSON.stringify(text)} into XML: character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`,
    );
  }
  return text.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function checkedName(name: string): string {
  if (!NAME.test(name)) throw new Error(`Invalid XML name ${JSON.stringify(name)}`);
  return name;
}

function checkedAttributes(attributes: Record<string, string>): Array<readonly [string, string]> {
  return Object.entries(attributes).map(([k, v]) => [checkedName(k), v] as const);
}
