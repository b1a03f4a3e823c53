import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OdcsConfig } from '@odcs/config';
import express, { type NextFunction, type Request, type Response } from 'express';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { errorBody } from '../http/odcs-error.filter.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Entry {
  name: string;
  dir: boolean;
  size: number;
  mtime: Date;
}

/**
 * Serves target_dir at the path of target_dir_url, as the httpd of ODCS's SOP does: files with
 * HTTP Range support, and directory listings sortable by name, size or last modified (?C=M;O=D).
 */
export function serveComposeFiles(app: NestExpressApplication, config: OdcsConfig): void {
  const mount = new URL(config.target_dir_url).pathname.replace(/\/+$/, '');
  if (!config.serve_target_dir) return;
  if (mount === '' || mount.startsWith('/api')) {
    new Logger('ComposeFiles').warn(`not serving target_dir: target_dir_url path "${mount || '/'}" would hide the API`);
    return;
  }
  const root = resolve(config.target_dir);
  app.use(mount, express.static(root, { index: false, dotfiles: 'ignore', fallthrough: true, redirect: false }));
  app.use(mount, (req: Request, res: Response, next: NextFunction) => {
    void listDirectory(root, mount, req, res).catch(next);
  });
}

async function listDirectory(root: string, mount: string, req: Request, res: Response): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(req.path);
  } catch {
    res.status(404).json(errorBody(404, `${mount}${req.path} was not found on the server.`));
    return;
  }
  const dir = resolve(join(root, rel));
  const notFound = (): void => void res.status(404).json(errorBody(404, `${mount}${rel} was not found on the server.`));
  if (dir !== root && !dir.startsWith(root + sep)) return notFound();
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) return notFound();
  if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
    res.redirect(301, `${mount}${rel.replace(/\/?$/, '/')}`);
    return;
  }
  const names = await readdir(dir);
  const entries: Entry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const s = await stat(join(dir, name)).catch(() => null);
    if (s) entries.push({ name, dir: s.isDirectory(), size: s.size, mtime: s.mtime });
  }
  const query = req.url.split('?')[1] ?? '';
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
  res.type('html').send(`<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>
<table><tr><th>${sortLink('N', 'Name')}</th><th>${sortLink('M', 'Last modified')}</th><th>${sortLink('S', 'Size')}</th></tr>
<tr><td><a href="../">Parent Directory</a></td><td></td><td></td></tr>
${rows}
</table></body></html>
`);
}
