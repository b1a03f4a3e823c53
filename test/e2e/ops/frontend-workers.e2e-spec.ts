import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltProcess } from '../../support/built-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let server: BuiltProcess;

/** One request on a connection of its own (a kept-alive one would stay with one worker). */
function getOnNewConnection(path: string): Promise<{ status: number; worker: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-odcs-worker'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await BuiltProcess.start('apps/frontend/dist/main.js', {
    env: { ODCS_DATABASE_URL: db.url, ODCS_AMQP_URL: '', ODCS_LOG_LEVEL: 'error', ODCS_FRONTEND_WORKERS: '2' },
  });
  await server.untilAnswers(() => getOnNewConnection('/api/1/about/').then((r) => r.status === 200));
}, 90_000);

afterAll(async () => {
  await server?.stop();
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
    expect(new Set(workers.map((w) => w.split(':')[1]))).not.toContain(String(server.child.pid));
  }, 60_000);

  it("starts its workers with the frontend's V8 semi-space size", async () => {
    const { worker } = await getOnNewConnection('/api/1/about/');
    const cmdline = readFileSync(`/proc/${worker.split(':')[1]}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-semi-space-size=8');
    expect(readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0')).not.toContain('--max-semi-space-size=8');
  });

  it('stops every worker when the frontend is told to stop', async () => {
    expect(await server.stop()).toBe(0);
    await expect(getOnNewConnection('/api/1/about/')).rejects.toThrow();
  }, 30_000);
});
