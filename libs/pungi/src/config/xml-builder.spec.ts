import { describe, expect, it } from 'vitest';
import { parseXmlWithPython } from '../../../../test/support/pungi/check-xml.js';
import { escapeXml, renderXmlDocument, xmlElement, xmlText } from './xml-builder.js';

describe('escapeXml', () => {
  it('escapes markup characters and the whitespace attribute values would normalise', () => {
    expect(escapeXml(`a&b<c>d"e'f\tg\nh\ri`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i');
  });

  it('keeps unicode text as it is', () => {
    expect(escapeXml('žluťoučký 😀')).toBe('žluťoučký 😀');
  });

  it.each([['\u0000'], ['\u001b'], ['\uffff'], ['\ud800']])('refuses %j, which XML 1.0 cannot carry', (bad) => {
    expect(() => escapeXml(`x${bad}`)).toThrow(/is not allowed in XML 1.0/);
  });
});

describe('renderXmlDocument', () => {
  it('round-trips text and attributes through a real XML parser', () => {
    const tricky = `]]> <!-- & "' \n\t 😀`;
    const xml = renderXmlDocument(xmlElement('root', { attr: tricky }, [xmlText('item', tricky), xmlElement('empty')]), '<!DOCTYPE root>');
    expect(parseXmlWithPython(xml)).toEqual({
      name: 'root',
      attrs: { attr: tricky },
      children: [
        { name: 'item', attrs: {}, children: [tricky] },
        { name: 'empty', attrs: {}, children: [] },
      ],
    });
  });

  it('refuses element and attribute names that are not XML names', () => {
    expect(() => xmlElement('a b')).toThrow(/Invalid XML name/);
    expect(() => xmlText('a', 'x', { 'x="1" y': 'v' })).toThrow(/Invalid XML name/);
  });
});
