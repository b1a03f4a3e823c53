import { setMaxListeners } from 'node:events';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { ENGINE_OPTIONS, type EngineOptions } from '../../engine.options.js';
import type { PackageCandidate } from '../package-set/package-candidate.js';
import { checkDigest } from './digest-check.js';
import { RpmDigest, type RpmDigestResult } from './rpm-digest.js';

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

/** A fetch that failed for good; its message names the RPM, where it came from and why. */
export class RpmFetchError extends Error {}

class TransientError extends Error {}

/**
 * Puts RPMs of a package set on disk: local files are hard-linked (copied across filesystems),
 * URLs are downloaded with a bounded number in parallel and transient errors retried; every
 * file is checked against the size and checksums the package set knows before it is kept.
 */
@Injectable()
export class RpmDownloader {
  constructor(@Inject(ENGINE_OPTIONS) private readonly options: EngineOptions) {}

  async fetchAll(items: readonly FetchItem[], opts: FetchOptions): Promise<void> {
    for (const dir of new Set(items.map((i) => dirname(i.dest)))) await mkdir(dir, { recursive: true });
    const stop = new AbortController();
    const signal = AbortSignal.any([opts.signal, stop.signal]);
    setMaxListeners(0, signal); // every transfer in flight listens to it
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length && !signal.aborted) {
        const item = items[next++]!;
        await this.fetchOne(item, signal, opts.log);
        opts.onFetched?.(++done, items.length);
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
    if (candidate.origin.kind === 'file') {
      const source = candidate.origin.path;
      await linkOrCopy(source, item.dest).catch((error: NodeJS.ErrnoException) => {
        throw new RpmFetchError(`Cannot read ${candidate.filename} at ${source}: ${error.code ?? error.message}`);
      });
      const problem = checkDigest(candidate, await measureLocal(item.dest, candidate));
      if (problem) throw new RpmFetchError(`${candidate.filename} at ${source} ${problem}`);
      return;
    }
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

  private async download(url: string, dest: string, candidate: PackageCandidate, signal: AbortSignal): Promise<void> {
    const partial = `${dest}.part`;
    try {
      const response = await this.request(url, signal);
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        response.resume();
        const text = `HTTP ${status}`;
        throw status >= 500 || status === 429 || status === 408 ? new TransientError(text) : new Error(text);
      }
      const digest = new RpmDigest(Boolean(candidate.verify.sha256));
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          digest.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(response, measure, createWriteStream(partial), { signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new TransientError(`transfer interrupted: ${(error as Error).message}`);
      }
      const problem = checkDigest(candidate, digest.result());
      if (problem) throw new TransientError(problem);
      await rename(partial, dest);
    } finally {
      await rm(partial, { force: true });
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

async function linkOrCopy(source: string, dest: string): Promise<void> {
  try {
    await link(source, dest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await rm(dest, { force: true });
      return linkOrCopy(source, dest);
    }
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    await copyFile(source, dest);
  }
}

/**
 * Checks of a local file (a mounted Koji volume, a local repository): only the size when it is
 * known and no whole-file checksum is, which costs no read; otherwise the file is read.
 */
async function measureLocal(path: string, candidate: PackageCandidate): Promise<RpmDigestResult> {
  const want = candidate.verify;
  if (want.size !== undefined && !want.sha256) {
    const { size } = await stat(path);
    return { size, headerMd5: want.headerMd5 ?? null, sha256: null };
  }
  const digest = new RpmDigest(Boolean(want.sha256));
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      digest.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return digest.result();
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
