// Types for the serializer of the `xmlrpc` package (1.3.x), which @types/xmlrpc does not describe.
// We use it directly so the HTTP layer (timeouts, retries) stays ours; answers are decoded by
// xmlrpc-decoder.ts.
declare module 'xmlrpc/lib/serializer.js' {
  const Serializer: {
    serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
    serializeMethodResponse(value: unknown): string;
    serializeFault(fault: { faultCode: number; faultString: string }): string;
  };
  export default Serializer;
}

// The deserializer is still used by the test Koji hub (test/support/koji) to read method calls.
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
