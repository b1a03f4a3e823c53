import { setMaxListeners } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_OPTIONS, type EngineOptions } from '../../engine.options.js';
import type { PackageCandidate } from '../package-set/package-candidate.js';
import { checkDigest } from './digest-check.js';
import { checkedBySize, linkLocalRpms, placeLocalRpm, type LocalRpm } from './local-rpm.js';
import { writeMeasured } from './measured-write.js';
import { RpmFetchError } from './rpm-fetch.error.js';

export interface FetchItem {
  candidate: PackageCandidate;
  /** Where the verified file ends up. */
  dest: string;
}

export interface FetchOptions {
  signal: AbortSignal;
  /** Called after each file, with the number done so far. */
  onFetched?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

class TransientError extends Error {}

/**
 * Puts RPMs of a package set on disk: local files are hard-linked (copied across filesystems;
 * those checked by size alone in synchronous batches), URLs are downloaded with a bounded number
 * in parallel and transient errors retried; every file is checked against the size and
 * checksums the package set knows before it is kept.
 */
@Injectable()
export class RpmDownloader {
  constructor(@Inject(ENGINE_OPTIONS) private readonly options: EngineOptions) {}

  async fetchAll(items: readonly FetchItem[], opts: FetchOptions): Promise<void> {
    await Promise.all([...new Set(items.map((i) => dirname(i.dest)))].map((dir) => mkdir(dir, { recursive: true })));
    let done = 0;
    const fetched = (): void => opts.onFetched?.(++done, items.length);
    const linkedOnly = (i: FetchItem): i is LocalRpm => isLocal(i) && checkedBySize(i.candidate);
    const toCopy = await linkLocalRpms(items.filter(linkedOnly), opts.signal, fetched);
    await this.fetchInParallel([...toCopy, ...items.filter((i) => !linkedOnly(i))], opts, fetched);
  }

  /** Downloads (and local files that need reading or copying), a bounded number at once. */
  private async fetchInParallel(items: readonly FetchItem[], opts: FetchOptions, fetched: () => void): Promise<void> {
    if (items.length === 0) return;
    const stop = new AbortController();
    const signal = AbortSignal.any([opts.signal, stop.signal]);
    setMaxListeners(0, signal); // every transfer in flight listens to it
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length && !signal.aborted) {
        const item = items[next++]!;
        await this.fetchOne(item, signal, opts.log);
        fetched();
      }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(this.options.downloadConcurrency, items.length)) }, () =>
      worker().catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    );
    const results = await Promise.allSettled(workers);
    opts.signal.throwIfAborted();
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isAbort(r.reason));
    if (failure) throw failure.reason;
  }

  private async fetchOne(item: FetchItem, signal: AbortSignal, log?: (line: string) => void): Promise<void> {
    const { candidate } = item;
    if (candidate.origin.kind === 'file') return placeLocalRpm(item as LocalRpm);
    const url = candidate.origin.url;
    const attempts = this.options.downloadRetries + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.download(url, item.dest, candidate, signal);
        return;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof TransientError) || attempt >= attempts) {
          throw new RpmFetchError(
            `Cannot download ${candidate.filename} from ${url}: ${(error as Error).message}` +
              (attempt > 1 ? ` (after ${attempt} attempts)` : ''),
          );
        }
        const pause = Math.min(30, this.options.netRetryInterval * 2 ** (attempt - 1));
        log?.(`Download of ${url} failed (${error.message}); retrying in ${pause} s`);
        await sleep(pause * 1000, undefined, { signal });
      }
    }
  }

  /** Streams one URL into `dest`, measured on the way; a file that fails is removed (the caller may retry). */
  private async download(url: string, dest: string, candidate: PackageCandidate, signal: AbortSignal): Promise<void> {
    const response = await this.request(url, signal);
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      response.resume();
      const text = `HTTP ${status}`;
      throw status >= 500 || status === 429 || status === 408 ? new TransientError(text) : new Error(text);
    }
    let problem: string | null;
    try {
      problem = checkDigest(candidate, await writeMeasured(response, dest, Boolean(candidate.verify.sha256)));
    } catch (error) {
      await rm(dest, { force: true });
      if (signal.aborted) throw error;
      throw new TransientError(`transfer interrupted: ${(error as Error).message}`);
    }
    if (problem) {
      await rm(dest, { force: true });
      throw new TransientError(problem);
    }
  }

  private request(url: string, signal: AbortSignal): Promise<IncomingMessage> {
    const idleMs = this.options.netTimeout * 1000;
    return new Promise((resolve, reject) => {
      const get = url.startsWith('https:') ? httpsGet : httpGet;
      const req = get(url, { signal, timeout: idleMs }, resolve);
      req.on('timeout', () => req.destroy(new TransientError(`no data for ${this.options.netTimeout} s`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted || error.name === 'AbortError') return reject(signal.aborted ? (signal.reason as Error) : error);
        reject(error instanceof TransientError ? error : new TransientError(error.code ?? error.message));
      });
    });
  }
}

function isLocal(item: FetchItem): item is LocalRpm {
  return item.candidate.origin.kind === 'file';
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
