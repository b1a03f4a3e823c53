import { SaxesParser } from 'saxes';

/** A decoded XML-RPC methodResponse: the one param, or the fault. */
export type XmlRpcResponse = { ok: true; value: unknown } | { ok: false; faultCode: number; faultString: string };

/** The answer is not a well-formed XML-RPC methodResponse. */
export class XmlRpcDecodeError extends Error {}

type Frame = { array: unknown[] } | { struct: Record<string, unknown>; key: string | undefined };

const ISO8601 =
  /^([0-9]{4})(-?([0-9]{2}))(-?([0-9]{2}))(T([0-9]{2})(((:?([0-9]{2}))?((:?([0-9]{2}))?(\.([0-9]+))?))?)(Z|([+-]([0-9]{2}(:?([0-9]{2}))?)))?)?/;
const INTEGER = /^-?\d+$/;
const NAMES = [
  'methodResponse',
  'params',
  'param',
  'fault',
  'value',
  'string',
  'int',
  'i4',
  'i8',
  'boolean',
  'double',
  'nil',
  'array',
  'data',
  'struct',
  'member',
  'name',
  'base64',
  'dateTime.iso8601',
];
const KNOWN = new Set(NAMES);
const BY_LOWER_CASE = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

/** XML-RPC names are as the spec spells them; other spellings are accepted in any case (as `xmlrpc` did). */
function canonicalName(name: string): string {
  return KNOWN.has(name) ? name : (BY_LOWER_CASE.get(name.toLowerCase()) ?? name);
}

/**
 * Streaming decoder of an XML-RPC methodResponse over `saxes` (a maintained, strict XML parser):
 * feed the body with `write()` as it arrives, `end()` gives the value or the fault. Types as the
 * `xmlrpc` package decoded them, which Koji's callers rely on: int/i4 → number, i8 → string of
 * digits (Koji's ids beyond 32 bits), boolean, double, string, a bare `<value>` → string,
 * dateTime.iso8601 → Date (local time without an offset), base64 → Buffer, nil → null, array, struct.
 */
export class XmlRpcResponseDecoder {
  private readonly parser = new SaxesParser({ position: false });
  private readonly frames: Frame[] = [];
  private readonly params: unknown[] = [];
  private text = '';
  /** The innermost open element is a `<value>` (its text is a string unless a type element follows). */
  private bareValue = false;
  private inResponse = false;
  private sawResponse = false;
  private kind: 'params' | 'fault' | undefined;
  private error: Error | undefined;

  constructor() {
    this.parser.on('opentag', (node) => {
      this.text = '';
      const name = canonicalName(node.name);
      this.bareValue = name === 'value';
      if (name === 'array') this.frames.push({ array: [] });
      else if (name === 'struct') this.frames.push({ struct: {}, key: undefined });
      else if (name === 'methodResponse') this.inResponse = true;
    });
    this.parser.on('text', (t) => {
      this.text += t;
    });
    this.parser.on('cdata', (t) => {
      this.text += t;
    });
    this.parser.on('closetag', (node) => this.close(canonicalName(node.name)));
    this.parser.on('error', (e) => {
      this.error ??= new XmlRpcDecodeError(e.message);
    });
  }

  write(chunk: string): void {
    if (this.error) return;
    this.parser.write(chunk);
  }

  end(): XmlRpcResponse {
    if (!this.error) this.parser.close();
    if (this.error) throw this.error;
    if (!this.sawResponse) throw new XmlRpcDecodeError('Not a method response');
    if (this.kind === undefined) throw new XmlRpcDecodeError('Invalid method response');
    if (this.kind === 'fault') {
      const fault = (this.params[0] ?? {}) as { faultCode?: unknown; faultString?: unknown };
      return {
        ok: false,
        faultCode: Number(fault.faultCode),
        faultString: typeof fault.faultString === 'string' ? fault.faultString : JSON.stringify(fault.faultString ?? ''),
      };
    }
    if (this.params.length > 1) throw new XmlRpcDecodeError('Response has more than one param');
    return { ok: true, value: this.params[0] };
  }

  private close(name: string): void {
    if (this.error) return;
    const text = this.text;
    switch (name) {
      case 'value':
        if (this.bareValue) this.emit(text);
        break;
      case 'string':
        this.emit(text);
        break;
      case 'int':
      case 'i4': {
        const n = parseInt(text, 10);
        if (Number.isNaN(n)) return this.fail(`Expected an integer but got '${text}'`);
        this.emit(n);
        break;
      }
      case 'i8':
        if (!INTEGER.test(text)) return this.fail(`Expected integer (I8) value but got '${text}'`);
        this.emit(text);
        break;
      case 'boolean':
        if (text === '1') this.emit(true);
        else if (text === '0') this.emit(false);
        else return this.fail(`Illegal boolean value '${text}'`);
        break;
      case 'double': {
        const n = parseFloat(text);
        if (Number.isNaN(n)) return this.fail(`Expected a double but got '${text}'`);
        this.emit(n);
        break;
      }
      case 'nil':
        this.emit(null);
        break;
      case 'name': {
        const top = this.frames[this.frames.length - 1];
        if (!top || !('struct' in top)) return this.fail('<name> outside a struct');
        top.key = text;
        break;
      }
      case 'array':
      case 'struct': {
        const frame = this.frames.pop()!;
        this.emit('array' in frame ? frame.array : frame.struct);
        break;
      }
      case 'base64':
        this.emit(Buffer.from(text, 'base64'));
        break;
      case 'dateTime.iso8601':
        this.emitDate(text);
        break;
      case 'params':
        this.kind = 'params';
        break;
      case 'fault':
        this.kind = 'fault';
        break;
      case 'methodResponse':
        this.sawResponse = this.inResponse;
        break;
      case 'data':
      case 'param':
      case 'member':
        break;
      default:
        return this.fail(`Unknown XML-RPC tag '${name}'`);
    }
    this.bareValue = false;
  }

  private emit(value: unknown): void {
    const top = this.frames[this.frames.length - 1];
    if (!top) this.params.push(value);
    else if ('array' in top) top.array.push(value);
    else if (top.key !== undefined) {
      if (top.key === '__proto__')
        Object.defineProperty(top.struct, top.key, { value, enumerable: true, writable: true, configurable: true });
      else top.struct[top.key] = value;
      top.key = undefined;
    }
    this.bareValue = false;
  }

  private emitDate(text: string): void {
    const p = ISO8601.exec(text);
    if (!p) return this.fail(`Expected a ISO8601 datetime but got '${text}'`);
    const local = `${p[1]}-${p[3] ?? '01'}-${p[5] ?? '01'}T${p[7] ?? '00'}:${p[11] ?? '00'}:${p[14] ?? '00'}.${p[16] ?? '000'}`;
    const zone = p[17] !== undefined ? p[17] + (p[19] && p[20] === undefined ? '00' : '') : '';
    this.emit(new Date(local + zone));
  }

  private fail(message: string): void {
    this.error ??= new XmlRpcDecodeError(message);
  }
}

/** Decodes a whole methodResponse held in memory. */
export function decodeXmlRpcResponse(xml: string): XmlRpcResponse {
  const decoder = new XmlRpcResponseDecoder();
  decoder.write(xml);
  return decoder.end();
}
