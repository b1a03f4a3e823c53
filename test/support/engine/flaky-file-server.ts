/**
 * An HTTP server on 127.0.0.1 in front of the test Koji hub's package files that can fail the
 * next requests on purpose: answer 503 or 404, reset the connection, never answer, cut the body
 * short, or send the right number of bytes with one of them changed.
 *
 *   const flaky = await startFlakyFileServer(hub.topUrl);
 *   flaky.failNext(2, 'http-503');   // koji_top_url = flaky.topUrl
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FileFailure = 'http-503' | 'http-404' | 'reset' | 'hang' | 'truncate' | 'corrupt';

export interface FlakyFileServer {
  topUrl: string;
  /** Paths requested, in order (failed ones included). */
  readonly requests: readonly string[];
  /** The next `count` package requests fail with `mode`. */
  failNext(count: number, mode: FileFailure): void;
  close(): Promise<void>;
}

export async function startFlakyFileServer(upstreamTopUrl: string): Promise<FlakyFileServer> {
  const failures: FileFailure[] = [];
  const requests: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    requests.push(path);
    const failure = failures.shift();
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === 'hang') return;
    if (failure === 'http-503') return void res.writeHead(503).end('busy');
    if (failure === 'http-404') return void res.writeHead(404).end('Not Found');
    const upstream = await fetch(`${upstreamTopUrl}${path}`);
    const body = Buffer.from(await upstream.arrayBuffer());
    if (!upstream.ok) return void res.writeHead(upstream.status).end(body);
    res.writeHead(200, { 'content-type': 'application/x-rpm', 'content-length': body.length });
    if (failure === 'truncate') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return;
    }
    if (failure === 'corrupt') body[body.length - 10] = (body[body.length - 10] ?? 0) ^ 0xff;
    res.end(body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    topUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (count, mode) => failures.push(...Array<FileFailure>(count).fill(mode)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
