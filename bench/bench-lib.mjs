// Helpers shared by the benchmarks: free loopback ports, a scratch PostgreSQL database, waiting for a service.
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
