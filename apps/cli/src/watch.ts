import { type ComposeJson, type OdcsClient, text } from './client.js';

export interface WatchOptions {
  /** Give up after this many seconds. */
  timeoutSeconds: number;
  /** Show each state/progress change (a live line in a terminal, plain lines when piped). */
  progress: boolean;
  /** Tail the compose's pungi-stderr.log. */
  logs: boolean;
  /** Poll interval in milliseconds. */
  intervalMs: number;
}

export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

export class WaitTimeout extends Error {}

const FINISHED = new Set(['done', 'failed', 'removed']);

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

/** One status line: `odcs-7 generating  pungi: Running pungi-koji  00:12`. */
export function statusLine(c: ComposeJson, since: number, now: number): string {
  const progress = text(c['progress']) ? `  ${text(c['progress'])}` : '';
  const reason = FINISHED.has(c.state_name) && text(c['state_reason']) ? `  ${text(c['state_reason'])}` : '';
  return `odcs-${c.id} ${c.state_name}${progress}${reason}  ${elapsed(now - since)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a compose until it is no longer `wait`/`generating` and returns its last JSON. In a
 * terminal the status is one line redrawn in place every poll; when piped a line is printed
 * only when state or progress changed.
 */
export async function waitForCompose(client: OdcsClient, id: number, opts: WatchOptions, out: Output): Promise<ComposeJson> {
  const started = Date.now();
  const since = (c: ComposeJson) => Date.parse(text(c['time_submitted'])) || started;
  let lastKey = '';
  let live = false;
  let logOffset = 0;
  const clearLive = () => {
    if (live) out.write('\r\x1b[K');
    live = false;
  };
  for (;;) {
    const c = await client.getCompose(id);
    if (opts.logs && typeof c['toplevel_url'] === 'string' && c['toplevel_url']) {
      const chunk = await client.logChunk(`${c['toplevel_url']}/pungi-stderr.log`, logOffset);
      if (chunk.length > 0) {
        clearLive();
        logOffset += chunk.length;
        out.write(chunk.toString('utf8'));
        if (!chunk.toString('utf8').endsWith('\n')) out.write('\n');
      }
    }
    const done = FINISHED.has(c.state_name);
    if (opts.progress) {
      const now = Date.now();
      if (out.isTTY) {
        out.write(`\r\x1b[K${statusLine(c, since(c), now)}`);
        live = true;
        if (done) clearLive();
        if (done) out.write(`${statusLine(c, since(c), now)}\n`);
      } else {
        const key = `${c.state_name}|${text(c['progress'])}`;
        if (key !== lastKey) out.write(`${new Date(now).toISOString()} ${statusLine(c, since(c), now)}\n`);
        lastKey = key;
      }
    }
    if (done) return c;
    if (Date.now() - started >= opts.timeoutSeconds * 1000) {
      clearLive();
      throw new WaitTimeout(`Retrieving ODCS compose ${id} timed out after ${opts.timeoutSeconds} seconds`);
    }
    await sleep(Math.min(opts.intervalMs, Math.max(0, started + opts.timeoutSeconds * 1000 - Date.now())));
  }
}
