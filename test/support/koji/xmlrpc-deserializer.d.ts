// The test Koji hub decodes method calls with the `xmlrpc` package's deserializer (1.3.x), which
// @types/xmlrpc does not describe. odcs itself decodes answers with libs/koji's own decoder.
declare module 'xmlrpc/lib/deserializer.js' {
  import type { Readable } from 'node:stream';

  /** A fault arrives as an Error carrying faultCode and faultString. */
  type DeserializeError = Error & { faultCode?: number; faultString?: string };

  class Deserializer {
    constructor(encoding?: string);
    deserializeMethodResponse(stream: Readable, callback: (error: DeserializeError | null | undefined, value?: unknown) => void): void;
    deserializeMethodCall(
      stream: Readable,
      callback: (error: DeserializeError | null | undefined, methodName?: string, params?: unknown[]) => void,
    ): void;
  }
  export default Deserializer;
}
