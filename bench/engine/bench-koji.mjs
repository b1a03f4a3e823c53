// A minimal Koji hub for the benchmark: listTaggedRPMS of one tag over XML-RPC, and the RPM
// files under /packages/ in Koji's pathinfo layout. Also lays the same files out on disk.
import { createReadStream } from 'node:fs';
import { link, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import Deserializer from 'xmlrpc/lib/deserializer.js';
import Serializer from 'xmlrpc/lib/serializer.js';

export const relPath = (r) => `packages/${r.build}/1.0/1/${r.arch}/${r.filename}`;

export function records(rpms) {
  const builds = new Map();
  for (const r of rpms) if (!builds.has(r.build)) builds.set(r.build, builds.size + 1);
  return {
    builds: [...builds].map(([name, id]) => ({
      build_id: id,
      id,
      package_id: id,
      package_name: name,
      name,
      version: '1.0',
      release: '1',
      epoch: null,
      nvr: `${name}-1.0-1`,
      state: 1,
      volume_name: 'DEFAULT',
      tag_id: 1,
      tag_name: 'bench',
    })),
    rpms: rpms.map((r, i) => ({
      id: i + 1,
      build_id: builds.get(r.build),
      name: r.name,
      version: r.version,
      release: r.release,
      epoch: null,
      arch: r.arch,
      payloadhash: r.payloadhash,
      size: r.size,
      buildtime: 0,
      external_repo_id: 0,
    })),
  };
}

/** Answers a GET of an RPM under the hub's top URL from `files` (path → record), 404 for anything else. */
export function serveRpm(files, path, res) {
  const file = files.get(decodeURIComponent(path));
  if (!file) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-length': file.size });
  createReadStream(file.path).pipe(res);
}

export async function startBenchHub(rpms) {
  const { builds, rpms: rows } = records(rpms);
  const files = new Map(rpms.map((r) => [`/${relPath(r)}`, r]));
  const answer = Serializer.serializeMethodResponse([rows, builds]); // once: the hub's own cost is not measured
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (req.method === 'POST' && path === '/kojihub') {
      new Deserializer().deserializeMethodCall(req, (error, method) => {
        const xml =
          error || method !== 'listTaggedRPMS'
            ? Serializer.serializeFault({ faultCode: 1000, faultString: `bench hub: unsupported ${method}` })
            : answer;
        res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      });
      return;
    }
    serveRpm(files, path, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    hubUrl: `${base}/kojihub`,
    topUrl: base,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/** Hard-links the RPMs into `<dir>/packages/...` (a local Koji top dir). */
export async function layOutKojiTree(rpms, dir) {
  for (const r of rpms) {
    const dest = join(dir, relPath(r));
    await mkdir(dirname(dest), { recursive: true });
    await link(r.path, dest);
  }
}
