import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Exit codes of `odcs`: 0 done, 1 failed, 2 usage error, 3 server error. */
export const EXIT = { done: 0, failed: 1, usage: 2, server: 3 } as const;

/** The server refused or could not be reached: exit code 3, with the server's message. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Bad command line (besides commander's own checks): exit code 2. */
export class UsageError extends Error {}

/** A JSON value as text: strings as they are, null/undefined as '', anything else as JSON. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

export type ComposeJson = Record<string, unknown> & { id: number; state_name: string };

export interface ClientOptions {
  server: string;
  token?: string;
}

/**
 * The token: `--token` (a token or a file holding one), else $ODCS_TOKEN, else the file named by
 * $ODCS_TOKEN_FILE or ~/.config/odcs/token when it exists.
 */
export function resolveToken(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromFile = (path: string) => readFileSync(path, 'utf8').trim();
  if (flag) return existsSync(flag) ? fromFile(flag) : flag;
  if (env['ODCS_TOKEN']) return env['ODCS_TOKEN'];
  const file = env['ODCS_TOKEN_FILE'] || join(homedir(), '.config', 'odcs', 'token');
  return existsSync(file) ? fromFile(file) : undefined;
}

/** A small client of the ODCS REST API v1 over fetch. */
export class OdcsClient {
  private readonly base: string;

  constructor(private readonly options: ClientOptions) {
    this.base = options.server.replace(/\/+$/, '');
  }

  url(path: string): string {
    return `${this.base}/${path.replace(/^\/+/, '')}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
      throw new ServerError(`cannot reach ${this.base}: ${cause}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const message = (json as { message?: unknown } | undefined)?.message;
      throw new ServerError(`${method} ${path}: ${res.status} ${typeof message === 'string' ? message : text.slice(0, 200)}`, res.status);
    }
    if (json === undefined) throw new ServerError(`${method} ${path}: the server did not answer JSON`);
    return json as T;
  }

  getCompose(id: number): Promise<ComposeJson> {
    return this.request('GET', `api/1/composes/${id}`);
  }

  /** New bytes of a compose log from `offset` (HTTP Range); empty when nothing is new (416) or the log does not exist yet (404). */
  async logChunk(logUrl: string, offset: number): Promise<Buffer> {
    try {
      const res = await fetch(logUrl, { headers: { range: `bytes=${offset}-` } });
      if (res.status !== 206 && res.status !== 200) return Buffer.alloc(0);
      const buf = Buffer.from(await res.arrayBuffer());
      return res.status === 200 ? buf.subarray(offset) : buf;
    } catch {
      return Buffer.alloc(0);
    }
  }
}
