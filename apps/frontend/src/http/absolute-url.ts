import type { FastifyRequest } from 'fastify';

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Absolute URL of `path` as the client sees it, honouring X-Scheme, X-Forwarded-Host and X-Script-Name (CONTRACT §1.1). */
export function externalUrl(req: FastifyRequest, path: string): string {
  const scheme = first(req.headers['x-scheme']) ?? first(req.headers['x-forwarded-proto']) ?? req.protocol;
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  const prefix = (first(req.headers['x-script-name']) ?? '').replace(/\/+$/, '');
  return `${scheme}://${host}${prefix}${path}`;
}
