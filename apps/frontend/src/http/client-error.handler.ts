import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { errorBody } from './odcs-error.filter.js';

/** What Node's HTTP parser refused, as the status and message the client gets. */
function refusal(code: string | undefined): { status: number; message: string } {
  switch (code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'The request line or headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'The request was not received in time.' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, message: 'The request method is not a valid HTTP method token.' };
    default:
      return { status: 400, message: 'The request is not valid HTTP.' };
  }
}

/**
 * The HTTP server's clientError handler (Fastify's `clientErrorHandler`): requests Node's HTTP parser
 * refuses (over-long URL or headers, an invalid method token, ...) never reach the app; the server
 * answers them itself, in the error JSON shape of every other refusal, and closes the connection.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, message } = refusal(err.code);
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
