import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** An app on a database of its own, and a second connection to lock its tables with; both cleaned up after `use`. */
async function withAppAndLocker(use: (t: TestApp, db: TestDatabase, locker: pg.Client) => Promise<void>): Promise<void> {
  const db = await createTestDatabase();
  const t = await startTestApp({ db });
  const locker = new pg.Client({ connectionString: db.url });
  await locker.connect();
  try {
    await use(t, db, locker);
  } finally {
    await locker.end();
    await db.drop();
    rmSync(t.targetDir, { recursive: true, force: true });
  }
}

/** Until a statement of the app waits on a lock `locker` holds. */
const waitsOnLock = (locker: pg.Client, who: string): Promise<void> =>
  until(`${who} to wait on the lock`, async () => {
    const { rows } = await locker.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return (rows[0] as { n: number }).n > 0;
  });

describe('shutting down with requests in flight', () => {
  it('answers the creates it took before the database closes: each one stored, none a 5xx', () =>
    withAppAndLocker(async (t, db, locker) => {
      const post = (): Promise<{ status: number; id: number }> =>
        fetch(`${t.baseUrl}/api/1/composes/`, {
          method: 'POST',
          body: JSON.stringify({ source: { type: 'tag', source: 'f40', packages: ['ed'] } }),
        }).then(async (res) => ({ status: res.status, id: ((await res.json()) as { id: number }).id }));
      expect((await post()).status).toBe(200);
      // Inserts wait on the lock: the first create's statement is in PostgreSQL, the next ones wait
      // for their batch in the frontend, when the app is told to stop.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE composes IN EXCLUSIVE MODE');
      const first = post();
      await waitsOnLock(locker, 'the first create');
      const queued = [post(), post(), post()];
      await new Promise((r) => setTimeout(r, 200));
      const closed = t.app.close();
      await new Promise((r) => setTimeout(r, 300));
      await locker.query('ROLLBACK');
      const results = await Promise.all([first, ...queued]);
      await closed;
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const ids = results.map((r) => r.id);
      const stored = (await db.query<{ id: number }>('SELECT id FROM composes WHERE id = ANY($1) ORDER BY id', [ids])).map((r) => r.id);
      expect(stored).toEqual([...ids].sort((a, b) => a - b));
    }));

  it('refuses a request that arrives while closing in ODCS error JSON (503, Connection: close), and still answers the one in flight', () =>
    withAppAndLocker(async (t, db, locker) => {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE composes IN EXCLUSIVE MODE');
      // One keep-alive connection: a create that waits on the lock, then, once the server is
      // closing, a second request on the same (busy, so not closed) connection.
      const { port } = new URL(t.baseUrl);
      const socket = connect(Number(port), '127.0.0.1');
      let raw = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      const body = JSON.stringify({ source: { type: 'tag', source: 'f40', packages: ['ed'] } });
      socket.write(`POST /api/1/composes/ HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await waitsOnLock(locker, 'the create');
      const closed = t.app.close();
      const server = t.app.getHttpServer() as { listening: boolean };
      await until('the server to stop listening', () => Promise.resolve(!server.listening));
      socket.write('GET /api/1/about/ HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((r) => setTimeout(r, 100));
      await locker.query('ROLLBACK');
      await ended;
      await closed;

      const [created, refused] = raw.split(/(?=HTTP\/1\.1 )/);
      expect(created).toMatch(/^HTTP\/1\.1 200 /);
      expect(refused).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused).toMatch(/\r\nconnection: close\r\n/i);
      expect(JSON.parse(refused!.slice(refused!.indexOf('\r\n\r\n') + 4))).toEqual({
        status: 503,
        error: 'Service Unavailable',
        message: 'The server is shutting down; send the request again.',
      });
      const id = (JSON.parse(created!.slice(created!.indexOf('\r\n\r\n') + 4)) as { id: number }).id;
      expect(await db.query('SELECT id FROM composes WHERE id = $1', [id])).toEqual([{ id }]);
    }));
});
