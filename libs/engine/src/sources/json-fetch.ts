import { setTimeout as sleep } from 'node:timers/promises';

export interface JsonFetchOptions {
  /** `net_timeout`: seconds one request may take, and the window in which failures are retried. */
  timeoutSeconds: number;
  /** `net_retry_interval`: seconds between retries. */
  retryIntervalSeconds: number;
  signal?: AbortSignal;
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

class FinalFailure extends Error {}

/**
 * GETs a JSON document over HTTP(S). Connection errors, timeouts and 5xx answers are retried
 * until `timeoutSeconds` have passed; other answers (404, invalid JSON) fail at once.
 */
export async function fetchJson(url: string, opts: JsonFetchOptions): Promise<unknown> {
  const body = await fetchText(url, opts, 'application/json');
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw new Error(`Cannot fetch ${url}: the answer is not JSON (${(e as Error).message})`);
  }
}

/** GETs a text document over HTTP(S), retried as {@link fetchJson} retries. */
export async function fetchText(url: string, opts: JsonFetchOptions, accept = '*/*'): Promise<string> {
  const until = Date.now() + opts.timeoutSeconds * 1000;
  for (;;) {
    opts.signal?.throwIfAborted();
    let problem: string;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutSeconds * 1000), ...(opts.signal ? [opts.signal] : [])]);
      const response = await fetch(url, { signal, headers: { accept } });
      const body = await response.text();
      if (response.ok) return body;
      problem = `HTTP ${response.status} ${response.statusText}`.trim();
      if (!TRANSIENT_STATUSES.has(response.status)) throw new FinalFailure(`Cannot fetch ${url}: ${problem}`);
    } catch (e) {
      if (e instanceof FinalFailure) throw new Error(e.message);
      opts.signal?.throwIfAborted();
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      problem = cause ?? (e as Error).message;
    }
    if (Date.now() + opts.retryIntervalSeconds * 1000 >= until) throw new Error(`Cannot fetch ${url}: ${problem}`);
    await sleep(opts.retryIntervalSeconds * 1000, undefined, { signal: opts.signal });
  }
}
