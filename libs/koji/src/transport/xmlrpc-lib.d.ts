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
