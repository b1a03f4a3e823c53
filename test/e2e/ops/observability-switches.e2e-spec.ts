import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { parsePrometheusText } from '../../support/ops/prometheus-text.js';

let db: TestDatabase;
let child: ChildProcess;
let base: string;
let targetDir: string;
const lines: string[] = [];
const records = (): Record<string, any>[] => lines.map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(async () => {
  db = await createTestDatabase();
  targetDir = mkdtempSync(join(tmpdir(), 'odcs-switches-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The real server with request logging and HTTP metrics switched off (what bench:observability compares).
  child = spawn(process.execPath, ['apps/standalone/dist/main.js'], {
    env: {
      ...process.env,
      ODCS_DATABASE_URL: db.url,
      ODCS_PORT: String(port),
      ODCS_HOST: '127.0.0.1',
      ODCS_TARGET_DIR: targetDir,
      ODCS_AMQP_URL: '',
      ODCS_LOG_LEVEL: 'info',
      ODCS_LOG_FORMAT: 'json',
      ODCS_LOG_REQUESTS: 'false',
      ODCS_HTTP_METRICS: 'false',
      ODCS_KOJI_HUB_URL: 'http://127.0.0.1:1/kojihub',
      ODCS_NET_TIMEOUT: '1',
      ODCS_NET_RETRY_INTERVAL: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  for (let i = 0; i < 300 && !records().some((r) => String(r['msg']).startsWith('ODCS API on')); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
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

describe('log_requests=false and http_metrics=false', () => {
  it('log no line per request but keep request_id on what handlers log, and observe no request durations', async () => {
    const about = await fetch(`${base}/api/1/about/`, { headers: { 'X-Request-Id': 'quiet-get-1' } });
    expect(about.status).toBe(200);
    expect(about.headers.get('x-request-id')).toBe('quiet-get-1');
    const created = await fetch(`${base}/api/1/composes/`, {
      method: 'POST',
      headers: { 'X-Request-Id': 'quiet-post-1' },
      body: JSON.stringify({ source: { type: 'tag', source: 'f40' } }),
    });
    expect(created.status).toBe(200);
    // The state change the request caused is logged, with its request_id: the logger works, only request lines are off.
    await expect
      .poll(() => records().some((r) => r['request_id'] === 'quiet-post-1' && r['to'] === 'wait'), { timeout: 10_000 })
      .toBe(true);
    expect(records().filter((r) => r['res'] !== undefined || r['responseTime'] !== undefined)).toEqual([]);
    expect(records().some((r) => r['request_id'] === 'quiet-get-1')).toBe(false);

    const { samples, types } = parsePrometheusText(await (await fetch(`${base}/api/1/metrics/`)).text());
    expect(types.get('composes_total')).toBe('gauge');
    expect(samples.filter((s) => s.name.startsWith('odcs_http_request_duration_seconds'))).toEqual([]);
  });
});
