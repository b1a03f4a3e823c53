// Helpers shared by the benchmarks: free loopback ports, a scratch PostgreSQL database, waiting for a service,
// stopping it, and what /proc says of its processes (CPU time, tree, memory).
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

export const ADMIN_URL = process.env.ODCS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Creates database `name`; returns its URL and a drop function. */
export async function scratchDatabase(name) {
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function waitForService(base, tries = 300) {
  for (let i = 0; i < tries; i++) {
    const ok = await fetch(`${base}/api/1/about/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not start`);
}

/** Sends `signal` to a child that still runs and waits for its exit. */
export async function stopProcess(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime (ms) of a process (or only its stime, `sys`), or null when it is gone. */
export function cpuMs(pid, sys = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((sys ? 0 : Number(f[11])) + Number(f[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** `pid` and all its descendants. */
export function processTree(pid) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited */
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parent) if (pp === tree[i]) tree.push(p);
  return tree;
}

/** kB of VmRSS and VmHWM (peak) of a process (0 when it is gone). */
export function rssKb(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/**
 * Fills the composes table (created by the server's migrations) with `rows` composes, mostly
 * removed, 10% done, in bulk with the counting trigger off, then recounts once (as the migration does).
 */
export async function seedComposes(url, rows) {
  const t0 = Date.now();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query('ALTER TABLE composes DISABLE TRIGGER composes_count_insert_delete');
  await db.query('ALTER TABLE composes DISABLE TRIGGER composes_owner_count_insert');
  await db.query(`
    INSERT INTO composes (id, owner, source_type, source, state, state_reason, results, flags, time_to_expire, time_submitted,
                          time_started, time_done, time_removed, arches, multilib_arches, multilib_method, sigkeys, compose_type, koji_event)
    SELECT g, 'user' || (g % 50), 1 + (g % 3), 'f' || (30 + g % 10), s, 'Compose is expired.', 1, 0,
           now() - interval '1 day' + g * interval '1 second', now() - interval '2 days' + g * interval '1 second',
           now() - interval '2 days', CASE WHEN s IN (2, 3) THEN now() - interval '2 days' END, CASE WHEN s = 3 THEN now() END,
           'x86_64', '', 0, '', 'test', 1000 + g
    FROM generate_series(1, ${rows}) g, LATERAL (SELECT CASE WHEN g % 10 = 0 THEN 2 ELSE 3 END AS s) st`);
  await db.query('ALTER TABLE composes ENABLE TRIGGER composes_count_insert_delete');
  await db.query('ALTER TABLE composes ENABLE TRIGGER composes_owner_count_insert');
  await db.query(`INSERT INTO compose_owner_counts (owner, n) SELECT owner, count(*) FROM composes GROUP BY owner
    ON CONFLICT (owner) DO UPDATE SET n = excluded.n`);
  await db.query(
    `UPDATE compose_counts k SET n = COALESCE((SELECT count(*) FROM composes c WHERE c.source_type = k.source_type AND c.state = k.state), 0)`,
  );
  await db.query(`SELECT setval('composes_id_seq', ${rows})`);
  await db.query('VACUUM ANALYZE composes');
  await db.end();
  console.log(`seeded ${rows} composes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** An autocannon setupRequest walking pages 1..pages in a stride that visits each once per round. */
function nextPage(pages) {
  let n = 0;
  return (req) => ({ ...req, path: `/api/1/composes/?per_page=20&page=${((n++ * 7919) % pages) + 1}` });
}

/** bench:api's request mix: [kind, name, path, autocannon options] for lists (page 1, deep, another page each time, filtered), one compose, create. */
export function apiCases(rows) {
  const deepPage = Math.floor(rows / 20 / 2);
  const create = JSON.stringify({ source: { type: 'tag', source: 'f40', packages: ['ed'] } });
  return [
    ['floor', 'GET /health/live (HTTP stack only)', '/health/live'],
    ['list', 'GET list page 1', '/api/1/composes/?per_page=20'],
    ['deep', `GET list page ${deepPage}`, `/api/1/composes/?per_page=20&page=${deepPage}`],
    // Every request another page, cycling through all of them: none of its composes' JSON is still kept (ListedComposeJson).
    ['cold', 'GET list, another page each time', '/api/1/composes/?per_page=20', { requests: [{ setupRequest: nextPage(rows / 20) }] }],
    ['filter', 'GET list state=done&source_type=tag', '/api/1/composes/?state=done&source_type=tag&per_page=20'],
    ['filter', 'GET list owner=user7', '/api/1/composes/?owner=user7&per_page=20'],
    ['get', 'GET one compose', `/api/1/composes/${Math.floor(rows / 2)}`],
    ['create', 'POST create compose', '/api/1/composes/', { method: 'POST', body: create }],
  ];
}

/** The compose spec (engine input) of a plain tag compose of the bench Koji tag, x86_64 only. */
export function tagComposeSpec(id) {
  return {
    id,
    sourceType: 'tag',
    source: ['bench'],
    packages: [],
    builds: [],
    sigkeys: [],
    arches: ['x86_64'],
    multilibArches: [],
    multilibMethods: [],
    lookasideRepos: [],
    flags: [],
    results: ['repository'],
    kojiEvent: null,
    modularKojiTags: [],
    moduleDefaults: null,
    scratchModules: [],
    scratchBuildTasks: [],
    modules: [],
    label: null,
    composeType: 'test',
    parentPungiComposeIds: [],
    respinOf: null,
  };
}
