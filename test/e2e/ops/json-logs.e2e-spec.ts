import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let db: TestDatabase;
let child: ChildProcess;
let base: string;
let targetDir: string;
const lines: string[] = [];

const records = (): Record<string, any>[] => lines.map((l) => JSON.parse(l) as Record<string, any>);

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`no log line ${what} in:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  targetDir = mkdtempSync(join(tmpdir(), 'odcs-logs-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The real single-process server with its stdout piped (not a TTY): log_format auto gives JSON lines.
  child = spawn(process.execPath, ['apps/standalone/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: db.url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_TARGET_DIR: targetDir,
      ODCS_AMQP_URL: '',
      ODCS_LOG_LEVEL: 'info',
      ODCS_KOJI_HUB_URL: 'http://127.0.0.1:1/kojihub',
      ODCS_NET_TIMEOUT: '1',
      ODCS_NET_RETRY_INTERVAL: '0',
      ODCS_PICKUP_INTERVAL_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  await until(() => records().find((r) => String(r['msg']).startsWith('ODCS API on')), 'announcing the API');
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await db?.drop();
  rmSync(targetDir, { recursive: true, force: true });
});

describe('structured logs of a real process', () => {
  it('writes only JSON lines, each HTTP request with its request_id (given or made) and the backend id', async () => {
    const res = await fetch(`${base}/api/1/about/`, { headers: { 'X-Request-Id': 'trace-abc-1' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-1');
    const made = (await fetch(`${base}/api/1/composes/`)).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const line = await until(() => records().find((r) => r['request_id'] === 'trace-abc-1'), 'with request_id trace-abc-1');
    expect(line).toMatchObject({ process: 'standalone', req: { method: 'GET', url: '/api/1/about/' }, res: { status: 200 } });
    expect(line['backend_id']).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
    await until(() => records().find((r) => r['request_id'] === made), `with request_id ${made}`);
  });

  it('logs every state change of a compose once, with compose_id and reason', async () => {
    const created = (await (
      await fetch(`${base}/api/1/composes/`, { method: 'POST', body: JSON.stringify({ source: { type: 'tag', source: 'f40' } }) })
    ).json()) as { id: number };
    const changes = () => records().filter((r) => r['compose_id'] === created.id && r['to'] !== undefined);
    await until(() => changes().find((r) => r['to'] === 'failed'), `of compose ${created.id} failing`);
    expect(changes().map((r) => [r['from'], r['to']])).toEqual([
      [null, 'wait'],
      ['wait', 'generating'],
      ['generating', 'failed'],
    ]);
    const failed = changes()[2]!;
    expect(failed['reason']).toMatch(/^Error while generating compose: /);
    expect(failed['backend_id']).toBeDefined();
    expect(records().some((r) => r['compose_id'] === created.id && String(r['msg']).includes('claimed by'))).toBe(true);
  });
});
