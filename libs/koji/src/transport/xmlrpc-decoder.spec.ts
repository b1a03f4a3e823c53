import { describe, expect, it } from 'vitest';
import Serializer from 'xmlrpc/lib/serializer.js';
import { decodeXmlRpcResponse, XmlRpcDecodeError, XmlRpcResponseDecoder } from './xmlrpc-decoder.js';

const response = (value: string) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${value}</value>\n</param>\n</params>\n</methodResponse>\n`;
const decoded = (value: string) => {
  const r = decodeXmlRpcResponse(response(value));
  if (!r.ok) throw new Error(`fault ${r.faultString}`);
  return r.value;
};

describe('XmlRpcResponseDecoder', () => {
  it('decodes every scalar type as Koji callers expect', () => {
    expect(decoded('<string>f40-build</string>')).toBe('f40-build');
    expect(decoded('plain text')).toBe('plain text');
    expect(decoded('')).toBe('');
    expect(decoded('<string></string>')).toBe('');
    expect(decoded('<int>42</int>')).toBe(42);
    expect(decoded('<i4>-7</i4>')).toBe(-7);
    expect(decoded('<i8>9007199254740993</i8>')).toBe('9007199254740993');
    expect(decoded('<boolean>1</boolean>')).toBe(true);
    expect(decoded('<boolean>0</boolean>')).toBe(false);
    expect(decoded('<double>1.5</double>')).toBe(1.5);
    expect(decoded('<nil/>')).toBeNull();
    expect(decoded('<base64>aGVsbG8=</base64>')).toEqual(Buffer.from('hello'));
    expect(decoded('<dateTime.iso8601>20240102T03:04:05Z</dateTime.iso8601>')).toEqual(new Date('2024-01-02T03:04:05.000Z'));
    expect(decoded('<dateTime.iso8601>2024-01-02T03:04:05+02:00</dateTime.iso8601>')).toEqual(new Date('2024-01-02T01:04:05.000Z'));
    expect(decoded('<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>')).toEqual(new Date(2024, 0, 2, 3, 4, 5));
  });

  it('decodes nested arrays and structs, with nil members and empty containers', () => {
    const xml =
      '<array><data>' +
      '<value><struct>' +
      '<member><name>id</name><value><int>1</int></value></member>' +
      '<member><name>nvr</name><value><string>ed-1.0-1</string></value></member>' +
      '<member><name>epoch</name><value><nil/></value></member>' +
      '<member><name>tags</name><value><array><data><value>a</value><value><string>b</string></value></data></array></value></member>' +
      '<member><name>extra</name><value><struct></struct></value></member>' +
      '</struct></value>' +
      '<value><array><data></data></array></value>' +
      '</data></array>';
    expect(decoded(xml)).toEqual([{ id: 1, nvr: 'ed-1.0-1', epoch: null, tags: ['a', 'b'], extra: {} }, []]);
  });

  it('ignores whitespace between elements but keeps it in strings', () => {
    const xml =
      '\n  <struct>\n   <member>\n    <name>a</name>\n    <value>\n     <string> x </string>\n    </value>\n   </member>\n  </struct>\n';
    expect(decoded(xml)).toEqual({ a: ' x ' });
  });

  it('resolves entities, character references and CDATA', () => {
    expect(decoded('<string>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x263A;</string>')).toBe('a & b <c> "d" \'e\' é☺');
    expect(decoded('<string><![CDATA[<raw> & ]]></string>')).toBe('<raw> & ');
  });

  it('round-trips what the xmlrpc serializer writes', () => {
    const value = { name: 'ed', list: [1, 'two', true, null, 2.5, { deep: [[]] }], text: '<&>' };
    const xml = Serializer.serializeMethodResponse(value);
    expect(decodeXmlRpcResponse(xml)).toEqual({ ok: true, value });
  });

  it('decodes a fault with its code and string', () => {
    const xml = Serializer.serializeFault({ faultCode: 1000, faultString: 'No such tagInfo: f99' });
    expect(decodeXmlRpcResponse(xml)).toEqual({ ok: false, faultCode: 1000, faultString: 'No such tagInfo: f99' });
  });

  it('keeps the faults inside a multiCall answer as values (Koji runs each call on its own)', () => {
    const xml = response(
      '<array><data>' +
        '<value><array><data><value><int>5</int></value></data></array></value>' +
        '<value><struct><member><name>faultCode</name><value><int>1000</int></value></member>' +
        '<member><name>faultString</name><value><string>Invalid tag</string></value></member></struct></value>' +
        '</data></array>',
    );
    expect(decodeXmlRpcResponse(xml)).toEqual({ ok: true, value: [[5], { faultCode: 1000, faultString: 'Invalid tag' }] });
  });

  it('decodes a body fed in arbitrary chunks, split inside names, entities and text', () => {
    const xml = response('<struct><member><name>nvr</name><value><string>a &amp; b</string></value></member></struct>');
    for (const size of [1, 3, 7]) {
      const decoder = new XmlRpcResponseDecoder();
      for (let i = 0; i < xml.length; i += size) decoder.write(xml.slice(i, i + size));
      expect(decoder.end()).toEqual({ ok: true, value: { nvr: 'a & b' } });
    }
  });

  it('accepts element names in other cases, as the previous decoder did', () => {
    const xml =
      '<METHODRESPONSE><PARAMS><PARAM><VALUE><DATETIME.ISO8601>20240102T03:04:05Z</DATETIME.ISO8601></VALUE></PARAM></PARAMS></METHODRESPONSE>';
    expect(decodeXmlRpcResponse(xml)).toEqual({ ok: true, value: new Date('2024-01-02T03:04:05.000Z') });
  });

  it('does not let a member named __proto__ change the struct prototype', () => {
    const value = decoded(
      '<struct><member><name>__proto__</name><value><struct><member><name>x</name><value>1</value></member></struct></value></member></struct>',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { x?: unknown }).x).toBeUndefined();
  });

  it.each([
    ['malformed XML', '<methodResponse><params><param><value><string>x</value></param></params></methodResponse>'],
    ['an unknown element', response('<float>1</float>')],
    ['a bad integer', response('<int>x</int>')],
    ['a bad i8', response('<i8>1.5</i8>')],
    ['a bad boolean', response('<boolean>yes</boolean>')],
    ['a bad double', response('<double>abc</double>')],
    ['a bad date', response('<dateTime.iso8601>yesterday</dateTime.iso8601>')],
    ['a truncated body', response('<string>x</string>').slice(0, 40)],
    ['a method call', "<?xml version='1.0'?><methodCall><methodName>x</methodName><params></params></methodCall>"],
    ['no params nor fault', '<methodResponse></methodResponse>'],
    ['two params', '<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>'],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['not XML at all', 'Internal Server Error'],
  ])('refuses %s', (_what, xml) => {
    expect(() => decodeXmlRpcResponse(xml)).toThrow(XmlRpcDecodeError);
  });
});
