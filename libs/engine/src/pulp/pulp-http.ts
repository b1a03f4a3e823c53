import { setTimeout as sleep } from 'node:timers/promises';
import type { PulpOptions } from '../engine.options.js';
import type { PulpRawRepo } from './pulp-repos.js';

const MIN_RETRY_PAUSE_MS = 200;

export interface PulpHttpOptions {
  pulp: PulpOptions;
  /** `net_timeout`, seconds: timeout of one request and window of the retries. */
  netTimeout: number;
  /** `net_retry_interval`, seconds. */
  netRetryInterval: number;
}

/** What a pulp compose asks Pulp, whichever API version answers. */
export interface PulpClient {
  /** Repositories of the content sets `contentSets` (published ones unless told otherwise), as Pulp 2 notes. */
  searchByContentSets(contentSets: readonly string[], includeUnpublished: boolean, signal: AbortSignal): Promise<PulpRawRepo[]>;
  /** One repository by its id (Pulp 3: distribution base path); null when Pulp does not know it. */
  repository(id: string, signal: AbortSignal): Promise<PulpRawRepo | null>;
}

/**
 * JSON over HTTP to Pulp with basic auth. Network errors and 5xx answers are retried for
 * `net_timeout` seconds; every failure is an Error with a reason a user can act on.
 */
export class PulpHttp {
  constructor(private readonly options: PulpHttpOptions) {}

  async request(method: 'GET' | 'POST', url: string, payload: unknown, signal: AbortSignal, notFoundIsNull = false): Promise<unknown> {
    const { username, password } = this.options.pulp;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (username || password) headers['authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const windowEnds = Date.now() + this.options.netTimeout * 1000;
    const pause = Math.max(MIN_RETRY_PAUSE_MS, this.options.netRetryInterval * 1000);
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      try {
        const response = await fetch(url, {
          method,
          headers,
          body: payload === undefined ? undefined : JSON.stringify(payload),
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.netTimeout * 1000)]),
        });
        const text = await response.text();
        if (response.ok) return parseJson(text, method, url);
        if (response.status === 404 && notFoundIsNull) return null;
        if (response.status === 401 || response.status === 403) {
          throw new PulpRefusal(
            `Pulp refused ${method} ${url} with HTTP ${response.status}: check pulp_username and pulp_password (user "${username}")`,
          );
        }
        problem = `HTTP ${response.status} ${snippet(text)}`.trim();
        if (response.status < 500) throw new PulpRefusal(`Pulp answered ${method} ${url} with ${problem}`);
      } catch (e) {
        if (e instanceof PulpRefusal) throw e;
        signal.throwIfAborted();
        problem = errorText(e);
      }
      if (Date.now() + pause >= windowEnds) {
        throw new Error(
          `Cannot reach Pulp at ${url} (${method}): ${problem}; gave up after ${attempt} attempt(s) in net_timeout ${this.options.netTimeout} s`,
        );
      }
      await sleep(pause, undefined, { signal });
    }
  }
}

/** An answer that retrying will not change. */
class PulpRefusal extends Error {}

function parseJson(text: string, method: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PulpRefusal(`Pulp answered ${method} ${url} with invalid JSON: ${snippet(text)}`);
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)} ...` : flat;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return 'no answer within net_timeout';
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${e.message} (${cause.code})` : cause?.message ? `${e.message} (${cause.message})` : e.message;
}
