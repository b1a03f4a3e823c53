import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let child: ChildProcess;
let port: number;
let stderr = '';

/** One request on a connection of its own (a kept-alive one would stay with one worker). */
function getOnNewConnection(path: string): Promise<{ status: number; worker: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-odcs-worker'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitUntilUp(): Promise<void> {
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`frontend exited ${child.exitCode}: ${stderr}`);
    const ok = await getOnNewConnection('/api/1/about/').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > end) throw new Error(`frontend did not answer: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  port = await freePort();
  child = spawn(process.execPath, ['apps/frontend/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: db.url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_AMQP_URL: '',
      ODCS_LOG_LEVEL: 'error',
      ODCS_FRONTEND_WORKERS: '2',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await waitUntilUp();
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await db?.drop();
});

describe('frontend_workers', () => {
  it('serves the API from two worker processes on one port, each answer naming its worker', async () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const r = await getOnNewConnection('/api/1/composes/?per_page=1');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ items: [], meta: { total: 0 } });
      seen.set(r.worker, r.body);
    }
    const workers = [...seen.keys()];
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w).toMatch(/^[12]:\d+$/);
    expect(new Set(workers.map((w) => w.split(':')[1]))).not.toContain(String(child.pid));
  }, 60_000);

  it('stops every worker when the frontend is told to stop', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(getOnNewConnection('/api/1/about/')).rejects.toThrow();
  }, 30_000);
});
