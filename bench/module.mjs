#!/usr/bin/env node
// Module compose benchmark (figures, not a test): a module compose of 3 modules x 2 contexts
// (~150 RPMs) through the built service (frontend + backend in one process, real PostgreSQL,
// built-in engine), resolved by an MBS and read from a Koji hub on loopback. Prints POST → done
// and the share of it spent answering MBS and Koji resolution queries. Target ≤ 1 s.
// Run: npm run bench:module   (BENCH_RUNS=5 composes, each with no_reuse)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Deserializer from 'xmlrpc/lib/deserializer.js';
import Serializer from 'xmlrpc/lib/serializer.js';
import { freePort, scratchDatabase, waitForService } from './bench-lib.mjs';
import { records, relPath, serveRpm } from './engine/bench-koji.mjs';
import { benchRpms } from './engine/bench-rpms.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dbName = `odcs_bench_module_${process.pid}`;

/** Time spent answering resolution queries, per peer (sum of request durations). */
const busy = { mbs: 0, koji: 0, downloads: 0 };
const timed = (peer, handler) => (req, res) => {
  const t0 = performance.now();
  const kind = peer === 'koji' && req.method !== 'POST' ? 'downloads' : peer;
  res.once('finish', () => (busy[kind] += performance.now() - t0));
  handler(req, res);
};

function modules(rpms) {
  const builds = [...new Set(rpms.map((r) => r.build))].sort();
  return builds.map((build, i) => {
    const name = `bench-mod${Math.floor(i / 2)}`;
    const context = `ctx${i % 2}`;
    const own = rpms.filter((r) => r.build === build);
    const artifacts = own.map((r) => `${r.name}-0:${r.version}-${r.release}.${r.arch}`);
    const modulemd = [
      '---',
      'document: modulemd',
      'version: 2',
      'data:',
      `  name: ${name}`,
      '  stream: "1"',
      '  version: 100',
      `  context: ${context}`,
      '  summary: bench module',
      '  description: bench module',
      '  license:',
      '    module: [MIT]',
      '  dependencies:',
      '  - buildrequires: {platform: [el8]}',
      '    requires: {platform: [el8]}',
      '  artifacts:',
      '    rpms:',
      ...artifacts.map((a) => `    - ${a}`),
      '...',
      '',
    ].join('\n');
    return { name, stream: '1', version: '100', context, contentTag: `bench-ct-${i}`, rpms: own, modulemd };
  });
}

async function listen(server) {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${server.address().port}`;
}

function mbsServer(mods) {
  return createServer(
    timed('mbs', (req, res) => {
      const q = new URL(req.url, 'http://mbs').searchParams;
      const [n, s] = (q.get('nsvc') ?? '').split(':');
      const items = mods
        .filter((m) => m.name === n && m.stream === s)
        .map((m, i) => ({
          id: i + 1,
          name: m.name,
          stream: m.stream,
          version: m.version,
          context: m.context,
          state: 5,
          modulemd: m.modulemd,
        }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, meta: { next: null } }));
    }),
  );
}

function kojiServer(mods) {
  const byNvr = new Map(mods.map((m, i) => [`${m.name}-${m.stream}-${m.version}.${m.context}`, { m, id: 1000 + i }]));
  const byTag = new Map(mods.map((m) => [m.contentTag, records(m.rpms)]));
  const files = new Map(mods.flatMap((m) => m.rpms).map((r) => [`/${relPath(r)}`, r]));
  // The final modulemd of x86_64 each module build keeps as its Koji archive (read by the engine).
  const archives = new Map(
    mods.map((m) => [`/packages/${m.name}/${m.stream}/${m.version}.${m.context}/files/module/modulemd.x86_64.txt`, m]),
  );
  const byId = new Map([...byNvr.values()].map(({ m, id }) => [id, m]));
  return createServer(
    timed('koji', (req, res) => {
      const path = new URL(req.url ?? '/', 'http://hub').pathname;
      if (req.method === 'POST' && path === '/kojihub') {
        new Deserializer().deserializeMethodCall(req, (error, method, params) => {
          let xml;
          if (!error && method === 'getBuild' && byNvr.has(params[0])) {
            const { m, id } = byNvr.get(params[0]);
            const extra = {
              typeinfo: {
                module: {
                  name: m.name,
                  stream: m.stream,
                  version: m.version,
                  context: m.context,
                  content_koji_tag: m.contentTag,
                  modulemd_str: m.modulemd,
                },
              },
            };
            xml = Serializer.serializeMethodResponse({
              id,
              build_id: id,
              package_id: id,
              package_name: m.name,
              name: m.name,
              version: m.stream,
              release: `${m.version}.${m.context}`,
              nvr: params[0],
              state: 1,
              volume_name: 'DEFAULT',
              extra,
            });
          } else if (!error && method === 'listArchives' && byId.has(params.at(-1)?.buildID)) {
            const buildID = params.at(-1).buildID;
            const text = byId.get(buildID).modulemd;
            xml = Serializer.serializeMethodResponse([
              { id: buildID, build_id: buildID, filename: 'modulemd.x86_64.txt', btype: 'module', size: Buffer.byteLength(text) },
            ]);
          } else if (!error && method === 'listTaggedRPMS' && byTag.has(params[0])) {
            const r = byTag.get(params[0]);
            xml = Serializer.serializeMethodResponse([r.rpms, r.builds]);
          } else
            xml = Serializer.serializeFault({ faultCode: 1000, faultString: `bench hub: unsupported ${method} ${JSON.stringify(params)}` });
          res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
        });
        return;
      }
      const archive = archives.get(path);
      if (archive) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(archive.modulemd);
      serveRpm(files, path, res);
    }),
  );
}

async function main() {
  const { rpms } = await benchRpms({ builds: 6, perBuild: 25, kb: 16 });
  const mods = modules(rpms);
  const mbs = mbsServer(mods);
  const koji = kojiServer(mods);
  const [mbsUrl, kojiUrl] = [await listen(mbs), await listen(koji)];
  const work = mkdtempSync(join(tmpdir(), 'odcs-bench-module-'));
  mkdirSync(join(work, 'composes'));
  const scratch = await scratchDatabase(dbName);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['apps/standalone/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: scratch.url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_AMQP_URL: '',
      ODCS_TARGET_DIR: join(work, 'composes'),
      ODCS_COMPOSE_ENGINE: 'builtin',
      ODCS_MBS_URL: mbsUrl,
      ODCS_KOJI_HUB_URL: `${kojiUrl}/kojihub`,
      ODCS_KOJI_TOP_URL: kojiUrl,
      ODCS_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForService(base);
    const source = [...new Set(mods.map((m) => `${m.name}:${m.stream}`))].join(' ');
    const body = JSON.stringify({ source: { type: 'module', source }, arches: ['x86_64'], flags: ['no_reuse'] });
    const results = [];
    for (let i = 0; i < RUNS; i++) {
      busy.mbs = 0;
      busy.koji = 0;
      busy.downloads = 0;
      const t0 = performance.now();
      const created = await fetch(`${base}/api/1/composes/`, { method: 'POST', body }).then((r) => r.json());
      let c;
      for (;;) {
        c = await fetch(`${base}/api/1/composes/${created.id}`).then((r) => r.json());
        if (c.state_name === 'done' || c.state_name === 'failed') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const ms = performance.now() - t0;
      if (c.state_name !== 'done') throw new Error(`compose ${c.id} failed: ${c.state_reason}`);
      results.push({ ms, ...busy });
    }
    results.sort((a, b) => a.ms - b.ms);
    const mid = results[Math.floor(results.length / 2)];
    console.log(
      `module compose, ${mods.length} module builds (${rpms.length} RPMs), POST → done, median of ${RUNS}: ${mid.ms.toFixed(0)} ms ` +
        `(MBS ${mid.mbs.toFixed(0)} ms = ${((100 * mid.mbs) / mid.ms).toFixed(0)}%, Koji ${mid.koji.toFixed(0)} ms = ${((100 * mid.koji) / mid.ms).toFixed(0)}% ` +
        `of it; RPM downloads ${mid.downloads.toFixed(0)} ms summed over parallel requests; target ≤ 1000 ms)`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await scratch.drop();
    mbs.close();
    koji.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
