/**
 * A Pulp-2-compatible server on 127.0.0.1 for tests: repository search
 * (`POST /pulp/api/v2/repositories/search/` with `notes.content_set` `$in` and
 * `notes.include_in_download_service` filters), repository details
 * (`GET /pulp/api/v2/repositories/<id>/`), the same repositories as Pulp 3 RPM distributions
 * (`GET /pulp/api/v3/distributions/rpm/rpm/?base_path=` or `?pulp_label_select=content_set=`, one
 * per page, so listings page through `next`; notes become labels, base_path is the relative_url), HTTP basic auth, and the
 * repositories' real files (repodata and RPMs made with rpmbuild and createrepo_c) under
 * `/<notes.relative_url>/` (Pulp 3: `/pulp/content/<base_path>/`).
 *
 *   const pulp = await startPulpServer({ username: 'u', password: 'p' });
 *   pulp.addRepo({ id: 'r1', contentSet: 'cs', arch: 'x86_64', relativeUrl: 'content/cs/x86_64/os', rpms: [...] });
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { buildRpms, type RpmSpec } from '../rpms/build-rpms.js';

const run = promisify(execFile);

export type PulpFailure = 'http-503' | 'reset';

export interface PulpRepoSpec {
  id: string;
  contentSet?: string;
  arch: string;
  relativeUrl: string;
  signatures?: string;
  productVersions?: string;
  /** notes.include_in_download_service = "True" (default) or "False". */
  published?: boolean;
  /** RPMs of the repository; none = no files served (its repodata answers 404). */
  rpms?: RpmSpec[];
}

export interface PulpServer {
  url: string;
  /** `METHOD path?query` of every request, in order. */
  readonly requests: readonly string[];
  /** The filters of every repository search, in order. */
  readonly searches: readonly Record<string, unknown>[];
  addRepo(spec: PulpRepoSpec): Promise<void>;
  /** The next `count` API requests fail with `mode`. */
  failNext(count: number, mode: PulpFailure): void;
  clearFailures(): void;
  /** The basic-auth credentials the API accepts from now on. */
  setCredentials(username: string, password: string): void;
  close(): Promise<void>;
}

interface StoredRepo {
  id: string;
  notes: Record<string, string>;
  dir: string | null;
}

export async function startPulpServer(auth: { username: string; password: string }): Promise<PulpServer> {
  const root = await mkdtemp(join(tmpdir(), 'odcs-pulp-'));
  const repos: StoredRepo[] = [];
  const requests: string[] = [];
  const searches: Record<string, unknown>[] = [];
  const failures: PulpFailure[] = [];
  let expectedAuth = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const json = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const api = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const failure = failures.shift();
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === 'http-503') return json(res, 503, { http_status: 503, error_message: 'Service Unavailable' });
    if (req.headers.authorization !== expectedAuth) {
      return json(res, 401, { http_status: 401, error_message: 'Invalid username or password' });
    }
    if (req.method === 'POST' && path === '/pulp/api/v2/repositories/search/') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const criteria = (
        JSON.parse(Buffer.concat(chunks).toString('utf8')) as { criteria: { filters: Record<string, any>; fields: string[] } }
      ).criteria;
      searches.push(criteria.filters);
      const sets: string[] = criteria.filters['notes.content_set']?.$in ?? [];
      const published = criteria.filters['notes.include_in_download_service'];
      const found = repos.filter(
        (r) =>
          sets.includes(r.notes['content_set'] ?? '') && (published === undefined || r.notes['include_in_download_service'] === published),
      );
      return json(
        res,
        200,
        found.map((r) => Object.fromEntries(criteria.fields.map((f) => [f, f === 'id' ? r.id : r.notes]))),
      );
    }
    const detail = /^\/pulp\/api\/v2\/repositories\/([^/]+)\/$/.exec(path);
    if (req.method === 'GET' && detail) {
      const id = decodeURIComponent(detail[1] ?? '');
      const repo = repos.find((r) => r.id === id);
      if (!repo) return json(res, 404, { http_status: 404, error_message: `Missing resource(s): repository=${id}` });
      return json(res, 200, { id: repo.id, display_name: repo.id, notes: repo.notes, content_unit_counts: {} });
    }
    if (req.method === 'GET' && path === '/pulp/api/v3/distributions/rpm/rpm/') return json(res, 200, distributions(req.url ?? ''));
    return json(res, 404, { http_status: 404, error_message: 'Not Found' });
  };

  const distributions = (requestUrl: string) => {
    const query = new URL(requestUrl, 'http://pulp').searchParams;
    const basePath = query.get('base_path');
    const label = /^content_set=(.*)$/.exec(query.get('pulp_label_select') ?? '')?.[1];
    const matching = repos.filter(
      (r) => (basePath === null || r.notes['relative_url'] === basePath) && (label === undefined || r.notes['content_set'] === label),
    );
    const offset = Number(query.get('offset') ?? 0);
    const page = matching.slice(offset, offset + 1);
    const next = offset + 1 < matching.length ? new URL(requestUrl, base()) : null;
    next?.searchParams.set('offset', String(offset + 1));
    return {
      count: matching.length,
      next: next?.href ?? null,
      previous: null,
      results: page.map((r) => {
        const { relative_url: relativeUrl, include_in_download_service: published, ...labels } = r.notes;
        return {
          name: r.id,
          base_path: relativeUrl,
          base_url: `${base()}/pulp/content/${relativeUrl}/`,
          publication: published === 'True' ? `/pulp/api/v3/publications/rpm/rpm/${r.id}/` : null,
          repository: null,
          pulp_labels: labels,
        };
      }),
    };
  };

  const files = async (res: ServerResponse, path: string): Promise<void> => {
    const clean = normalize(decodeURIComponent(path))
      .replace(/^\/+/, '')
      .replace(/^pulp\/content\//, '');
    const repo = repos.find((r) => r.dir && clean.startsWith(`${r.notes['relative_url']}/`));
    if (!repo?.dir) return void res.writeHead(404).end('Not Found');
    const body = await readFile(join(repo.dir, clean.slice((repo.notes['relative_url'] ?? '').length + 1))).catch(() => null);
    if (!body) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-length': body.length }).end(body);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${req.method} ${req.url ?? '/'}`);
    const handled = path.startsWith('/pulp/api/') ? api(req, res, path) : files(res, path);
    handled.catch((e: Error) => json(res, 500, { http_status: 500, error_message: e.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base(),
    requests,
    searches,
    addRepo: async (spec) => {
      let dir: string | null = null;
      if (spec.rpms?.length) {
        dir = join(root, spec.id);
        await mkdir(dir, { recursive: true });
        for (const rpm of await buildRpms(spec.rpms)) await copyFile(rpm.path, join(dir, basename(rpm.path)));
        await run('createrepo_c', ['-q', '--no-database', dir]);
      }
      const notes: Record<string, string> = {
        arch: spec.arch,
        relative_url: spec.relativeUrl,
        signatures: spec.signatures ?? '',
        include_in_download_service: spec.published === false ? 'False' : 'True',
      };
      if (spec.contentSet) notes['content_set'] = spec.contentSet;
      if (spec.productVersions) notes['product_versions'] = spec.productVersions;
      repos.push({ id: spec.id, notes, dir });
    },
    failNext: (count, mode) => failures.push(...Array<PulpFailure>(count).fill(mode)),
    clearFailures: () => void failures.splice(0),
    setCredentials: (username, password) => {
      expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await rm(root, { recursive: true, force: true });
    },
  };
}
