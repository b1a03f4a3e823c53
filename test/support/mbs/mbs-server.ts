import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MbsModuleBuild } from '@odcs/modules';

export interface MbsBuildSpec {
  name: string;
  stream: string;
  version: string;
  context: string;
  /** `ready` (5, default), `done` (3) or `failed` (4). */
  state?: 'ready' | 'done' | 'failed';
  scratch?: boolean;
  /** Runtime dependencies: module name → streams. */
  requires?: Record<string, string[]>;
  /** Base module built against, e.g. `el8.2.0`. */
  platform?: string;
  /** NEVRAs of the module's RPMs (`name-epoch:version-release.arch`). */
  artifacts?: string[];
  /**
   * The final modulemd of each arch (Koji archive `modulemd.<arch>.txt`, MBS `final-modulemd`):
   * arch → its artifacts. Default: `{ x86_64: artifacts }`.
   */
  archArtifacts?: Record<string, string[]>;
  /** The Koji build has no modulemd archives (an old build): only `extra.typeinfo.module.modulemd_str`. */
  noArchives?: boolean;
}

/** Arch → the final modulemd document of that arch (what MBS uploads to Koji as modulemd.<arch>.txt). */
/** The Koji tag of a module build's content (MBS: `scrmod-…` for a scratch build). */
export const moduleContentTag = (b: MbsBuildSpec): string =>
  `${b.scratch ? 'scrmod' : 'module'}-${b.name}-${b.stream}-${b.version}-${b.context}`;

export function finalModulemds(b: MbsBuildSpec): Record<string, string> {
  const perArch = b.archArtifacts ?? { x86_64: b.artifacts ?? [] };
  return Object.fromEntries(Object.entries(perArch).map(([arch, artifacts]) => [arch, modulemdYaml({ ...b, artifacts }, arch)]));
}

const STATES = { done: 3, failed: 4, ready: 5 } as const;

/** How a failing MBS answers: 503, 404 (a wrong mbs_url), a body that is not JSON, JSON without `items`. */
export type MbsFailure = 'http-503' | 'http-404' | 'not-json' | 'no-items';

/** A modulemd v2 document with the given runtime and build dependencies. */
export function modulemdYaml(b: MbsBuildSpec, arch?: string): string {
  const requires = { ...(b.platform ? { platform: [b.platform] } : {}), ...b.requires };
  const lines = [
    '---',
    'document: modulemd',
    'version: 2',
    'data:',
    `  name: ${b.name}`,
    `  stream: "${b.stream}"`,
    `  version: ${b.version}`,
    `  context: ${b.context}`,
    ...(arch ? [`  arch: ${arch}`] : []),
    `  summary: ${b.name} module${arch ? ` (final, ${arch})` : ''}`,
    '  description: test module',
    '  license:',
    '    module: [MIT]',
    '  dependencies:',
    '  - buildrequires:',
    `      platform: [${b.platform ?? 'el8'}]`,
    '    requires:',
    ...Object.entries(requires).map(([n, s]) => `      ${n}: [${s.join(', ')}]`),
    ...(b.artifacts ? ['  artifacts:', '    rpms:', ...b.artifacts.map((a) => `    - ${a}`)] : []),
    '...',
  ];
  return lines.join('\n') + '\n';
}

/** The stream version MBS derives from a base module stream (el8.2.0 → 80200). */
function streamVersion(stream: string): number | null {
  const m = /^\D*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(stream);
  return m ? Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0) : null;
}

export interface MbsServer {
  /** The `mbs_url` to configure (`/1/module-builds/` lives below it). */
  url: string;
  /** Query strings received, in order. */
  requests: URLSearchParams[];
  add(b: MbsBuildSpec): void;
  /** The next `n` module-builds requests are answered 503 (a restarting MBS), or broken as `kind` says. */
  failNext(n: number, kind?: MbsFailure): void;
  close(): Promise<void>;
}

/**
 * An MBS-compatible HTTP server on loopback: `GET /module-build-service/1/module-builds/` with the
 * filters ODCS sends (nsvc prefix or name/stream/version/context, state, base_module_br_*,
 * order_desc_by=version), paged as MBS pages, and `GET .../1/final-modulemd/<id>` (arch → modulemd).
 */
export async function startMbsServer(builds: MbsBuildSpec[] = [], perPage = 2): Promise<MbsServer> {
  const records: MbsModuleBuild[] = [];
  const finals = new Map<number, Record<string, string>>();
  const requests: URLSearchParams[] = [];
  let failures = 0;
  let failure: MbsFailure = 'http-503';
  const add = (b: MbsBuildSpec) => {
    finals.set(records.length + 1, finalModulemds(b));
    records.push({
      id: records.length + 1,
      name: b.name,
      stream: b.stream,
      version: b.version,
      context: b.context,
      state: STATES[b.state ?? 'ready'],
      scratch: b.scratch ?? false,
      koji_tag: moduleContentTag(b),
      modulemd: modulemdYaml(b),
      buildrequires: b.platform ? { platform: { stream: b.platform, stream_version: streamVersion(b.platform) } } : {},
    });
  };
  builds.forEach(add);

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mbs');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const q = url.searchParams;
    const final = /^\/module-build-service\/1\/final-modulemd\/(\d+)$/.exec(url.pathname);
    if (final) {
      requests.push(q);
      const docs = finals.get(Number(final[1]));
      return docs ? send(200, docs) : send(404, { error: 'Not Found', status: 404, message: 'No such module found.' });
    }
    if (url.pathname !== '/module-build-service/1/module-builds/') return send(404, { error: 'Not Found', status: 404 });
    requests.push(q);
    if (failures > 0) {
      failures--;
      if (failure === 'http-404') return send(404, { error: 'Not Found', status: 404, message: 'The requested URL was not found' });
      if (failure === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login required</html>');
      if (failure === 'no-items') return send(200, { meta: { total: 0 } });
      return send(503, { error: 'Service Unavailable', status: 503 });
    }
    const [n = q.get('name'), s = q.get('stream'), v = q.get('version'), c = q.get('context')] = q.has('nsvc')
      ? (q.get('nsvc') ?? '').split(':')
      : [];
    const states = q.getAll('state').map(Number);
    const brName = q.get('base_module_br_name');
    const brStream = q.get('base_module_br_stream');
    const lte = q.get('base_module_br_stream_version_lte');
    const gte = q.get('base_module_br_stream_version_gte');
    const matching = records.filter((r) => {
      if ((n && r.name !== n) || (s && r.stream !== s) || (v && String(r.version) !== v) || (c && r.context !== c)) return false;
      if (states.length > 0 && !states.includes(r.state)) return false;
      if (!brName) return true;
      const br = r.buildrequires?.[brName];
      if (!br) return false;
      if (brStream && br.stream !== brStream) return false;
      if (lte && !(typeof br.stream_version === 'number' && br.stream_version <= Number(lte))) return false;
      return !(gte && !(typeof br.stream_version === 'number' && br.stream_version >= Number(gte)));
    });
    if (q.get('order_desc_by') === 'version') matching.sort((a, b) => Number(b.version) - Number(a.version));
    const page = Number(q.get('page') ?? 1);
    const items = matching.slice((page - 1) * perPage, page * perPage);
    const pages = Math.max(1, Math.ceil(matching.length / perPage));
    const next = new URLSearchParams(q);
    next.set('page', String(page + 1));
    const host = `http://${req.headers.host}${url.pathname}`;
    send(200, {
      items,
      meta: { page, pages, per_page: perPage, total: matching.length, next: page < pages ? `${host}?${next.toString()}` : null },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/module-build-service`,
    requests,
    add,
    failNext: (k, kind = 'http-503') => {
      failures = k;
      failure = kind;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
