import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OdcsConfig } from '@odcs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import serveStatic from 'serve-static';
import { errorBody } from '../http/odcs-error.filter.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Entry {
  name: string;
  dir: boolean;
  size: number;
  mtime: Date;
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

const sendNotFound = (res: ServerResponse, path: string): void =>
  send(res, 404, 'application/json; charset=utf-8', JSON.stringify(errorBody(404, `${path} was not found on the server.`)));

/**
 * Serves target_dir at the path of target_dir_url, as the httpd of ODCS's SOP does: files with
 * HTTP Range support (serve-static), and directory listings sortable by name, size or last
 * modified (?C=M;O=D). The reply is written directly to Node's response (Fastify hands it over).
 */
export function serveComposeFiles(app: NestFastifyApplication, config: OdcsConfig): void {
  const mount = new URL(config.target_dir_url).pathname.replace(/\/+$/, '');
  if (!config.serve_target_dir) return;
  if (mount === '' || mount.startsWith('/api')) {
    new Logger('ComposeFiles').warn(`not serving target_dir: target_dir_url path "${mount || '/'}" would hide the API`);
    return;
  }
  const root = resolve(config.target_dir);
  const files = serveStatic(root, { index: false, dotfiles: 'ignore', fallthrough: true, redirect: false });
  const log = new Logger('ComposeFiles');
  const handler = (request: { raw: IncomingMessage }, reply: { raw: ServerResponse; hijack(): unknown }): void => {
    reply.hijack();
    const req = request.raw;
    const res = reply.raw;
    const original = req.url ?? '/';
    const [pathname = '', query] = original.split('?', 2) as [string, string | undefined];
    // Paths below the mount, as serve-static expects them (Express's app.use(mount) did the same).
    req.url = (pathname.slice(mount.length) || '/') + (query !== undefined ? `?${query}` : '');
    files(req, res, (err?: unknown) => {
      req.url = original;
      if (err) return failed(err);
      listDirectory(root, mount, req, res).catch(failed);
    });
    function failed(err: unknown): void {
      // serve-static's refusals of a file it found (416 for a range past its end, 412, ...) keep their status.
      const { status, message, headers } = err as { status?: number; message?: string; headers?: Record<string, string> };
      if (status !== undefined && status >= 400 && status < 500 && !res.headersSent) {
        return send(res, status, 'application/json; charset=utf-8', JSON.stringify(errorBody(status, message ?? '')), headers ?? {});
      }
      log.error(`GET ${original} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, 'application/json; charset=utf-8', JSON.stringify(errorBody(500, 'Internal Server Error')));
      else res.destroy();
    }
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(mount, handler);
  fastify.get(`${mount}/*`, handler);
}

async function listDirectory(root: string, mount: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [pathname = '', query = ''] = (req.url ?? '/').split('?', 2) as [string, string | undefined];
  const below = pathname.slice(mount.length) || '/';
  let rel: string;
  try {
    rel = decodeURIComponent(below);
  } catch {
    return sendNotFound(res, `${mount}${below}`);
  }
  const dir = resolve(join(root, rel));
  const notFound = (): void => sendNotFound(res, `${mount}${rel}`);
  if (dir !== root && !dir.startsWith(root + sep)) return notFound();
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) return notFound();
  if (!pathname.endsWith('/')) {
    const location = `${mount}${rel.replace(/\/?$/, '/')}`;
    send(res, 301, 'text/plain; charset=utf-8', `Moved Permanently. Redirecting to ${location}`, { Location: encodeURI(location) });
    return;
  }
  const names = await readdir(dir);
  const entries: Entry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const s = await stat(join(dir, name)).catch(() => null);
    if (s) entries.push({ name, dir: s.isDirectory(), size: s.size, mtime: s.mtime });
  }
  const column = /C=([NMS])/.exec(query)?.[1] ?? 'N';
  const descending = /O=D/.test(query);
  const key = (e: Entry): number | string => (column === 'M' ? e.mtime.getTime() : column === 'S' ? e.size : e.name);
  entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (descending ? -1 : 1));
  const sortLink = (c: string, label: string): string => `<a href="?C=${c};O=${column === c && !descending ? 'D' : 'A'}">${label}</a>`;
  const rows = entries
    .map((e) => {
      const href = encodeURIComponent(e.name) + (e.dir ? '/' : '');
      return `<tr><td><a href="${href}">${escapeHtml(e.name)}${e.dir ? '/' : ''}</a></td><td>${e.mtime.toISOString().replace('T', ' ').slice(0, 19)}</td><td>${e.dir ? '-' : e.size}</td></tr>`;
    })
    .join('\n');
  const title = escapeHtml(`Index of ${mount}${rel}`);
  send(
    res,
    200,
    'text/html; charset=utf-8',
    `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>
<table><tr><th>${sortLink('N', 'Name')}</th><th>${sortLink('M', 'Last modified')}</th><th>${sortLink('S', 'Size')}</th></tr>
<tr><td><a href="../">Parent Directory</a></td><td></td><td></td></tr>
${rows}
</table></body></html>
`,
  );
}
