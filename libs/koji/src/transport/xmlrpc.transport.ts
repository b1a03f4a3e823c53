import { Logger } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import Serializer from 'xmlrpc/lib/serializer.js';
import { KojiBadResponseError, KojiFaultError, KojiUnreachableError } from '../koji.errors.js';
import { encodeKojiParams, type KojiCall } from './koji-call.js';
import { XmlRpcResponseDecoder } from './xmlrpc-decoder.js';
import { describeNetworkError, isTransientNetworkError, TransientFailure, TRANSIENT_HTTP_STATUSES } from './transient-failure.js';

export interface XmlRpcTransportOptions {
  url: string;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
}

/** Result of one member of a multiCall: Koji runs each independently. */
export type MulticallResult<T = unknown> = { ok: true; value: T } | { ok: false; fault: KojiFaultError };

/**
 * XML-RPC over HTTP(S) for Koji. Requests are encoded by the `xmlrpc` package's serializer, answers
 * decoded as they arrive by our streaming decoder over `saxes` (xmlrpc-decoder.ts); this class adds a per-request timeout and retries with exponential backoff
 * on connection failures, timeouts and HTTP 502/503/504. Faults are answers, never retried.
 */
export class XmlRpcTransport {
  private readonly logger = new Logger('KojiXmlRpc');
  private readonly endpoint: URL;

  constructor(private readonly options: XmlRpcTransportOptions) {
    this.endpoint = new URL(options.url);
  }

  async call<T = unknown>(method: string, args: readonly unknown[] = [], kwargs?: Readonly<Record<string, unknown>>): Promise<T> {
    const body = Serializer.serializeMethodCall(method, encodeKojiParams(args, kwargs));
    return (await this.withRetries(method, () => this.post(method, body))) as T;
  }

  /** Koji `multiCall`: one request, one result (value or fault) per call, in order. */
  async multicall(calls: readonly KojiCall[]): Promise<MulticallResult[]> {
    if (calls.length === 0) return [];
    const batch = calls.map((c) => ({ methodName: c.method, params: encodeKojiParams(c.args, c.kwargs) }));
    const raw = await this.call<unknown>('multiCall', [batch]);
    if (!Array.isArray(raw) || raw.length !== calls.length) {
      throw new KojiBadResponseError(
        this.options.url,
        'multiCall',
        `expected ${calls.length} results, got ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
    }
    return raw.map((entry: unknown, i): MulticallResult => {
      const method = calls[i]!.method;
      if (Array.isArray(entry) && entry.length === 1) return { ok: true, value: entry[0] };
      const fault = entry as { faultCode?: unknown; faultString?: unknown } | null;
      if (fault && typeof fault === 'object' && 'faultCode' in fault) {
        return {
          ok: false,
          fault: new KojiFaultError(
            method,
            Number(fault.faultCode),
            typeof fault.faultString === 'string' ? fault.faultString : JSON.stringify(fault.faultString ?? ''),
          ),
        };
      }
      throw new KojiBadResponseError(
        this.options.url,
        `multiCall (${method})`,
        `unexpected result ${JSON.stringify(entry)?.slice(0, 200)}`,
      );
    });
  }

  private async withRetries(method: string, attempt: () => Promise<unknown>): Promise<unknown> {
    for (let done = 0; ; done++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof TransientFailure)) throw error;
        const attempts = done + 1;
        if (done >= this.options.retries) {
          const reason = `${error.message} (${method}, ${attempts} attempt${attempts === 1 ? '' : 's'})`;
          throw new KojiUnreachableError(this.options.url, reason, { cause: error });
        }
        const delay = this.options.retryDelayMs * 2 ** done;
        this.logger.warn(
          `Koji ${method} failed at ${this.options.url}: ${error.message}; retry ${attempts}/${this.options.retries} in ${delay} ms`,
        );
        await sleep(delay);
      }
    }
  }

  private post(method: string, body: string): Promise<unknown> {
    const url = this.options.url;
    const client = this.endpoint.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const failNetwork = (error: unknown): void =>
        settle(() =>
          reject(
            isTransientNetworkError(error)
              ? new TransientFailure(describeNetworkError(error), { cause: error })
              : new KojiUnreachableError(url, describeNetworkError(error), { cause: error }),
          ),
        );

      const req = client.request(
        this.endpoint,
        {
          method: 'POST',
          headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'user-agent': 'odcs-koji-client' },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            res.resume();
            const reason = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
            settle(() =>
              reject(TRANSIENT_HTTP_STATUSES.has(status) ? new TransientFailure(reason) : new KojiBadResponseError(url, method, reason)),
            );
            return;
          }
          const decoder = new XmlRpcResponseDecoder();
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => decoder.write(chunk));
          res.on('error', failNetwork);
          res.on('end', () => {
            let answer;
            try {
              answer = decoder.end();
            } catch (error) {
              return settle(() => reject(new KojiBadResponseError(url, method, (error as Error).message, { cause: error })));
            }
            if (answer.ok) return settle(() => resolve(answer.value));
            settle(() => reject(new KojiFaultError(method, answer.faultCode, answer.faultString)));
          });
        },
      );
      const timer = setTimeout(() => {
        settle(() => reject(new TransientFailure(`no answer within ${this.options.timeoutMs} ms`)));
        req.destroy();
      }, this.options.timeoutMs);
      req.on('error', failNetwork);
      req.end(body);
    });
  }
}
