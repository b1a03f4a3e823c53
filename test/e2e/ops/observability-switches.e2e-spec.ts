import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltProcess, type LoggingStandalone, startLoggingStandalone } from '../../support/built-process.js';
import { parsePrometheusText } from '../../support/ops/prometheus-text.js';

let standalone: LoggingStandalone;
let server: BuiltProcess;

beforeAll(async () => {
  // The real server with request logging and HTTP metrics switched off (what bench:observability compares).
  standalone = await startLoggingStandalone({ ODCS_LOG_FORMAT: 'json', ODCS_LOG_REQUESTS: 'false', ODCS_HTTP_METRICS: 'false' });
  server = standalone.server;
}, 60_000);
afterAll(() => standalone?.close());

describe('log_requests=false and http_metrics=false', () => {
  it('log no line per request but keep request_id on what handlers log, and observe no request durations', async () => {
    const about = await fetch(`${server.base}/api/1/about/`, { headers: { 'X-Request-Id': 'quiet-get-1' } });
    expect(about.status).toBe(200);
    expect(about.headers.get('x-request-id')).toBe('quiet-get-1');
    const created = await fetch(`${server.base}/api/1/composes/`, {
      method: 'POST',
      headers: { 'X-Request-Id': 'quiet-post-1' },
      body: JSON.stringify({ source: { type: 'tag', source: 'f40' } }),
    });
    expect(created.status).toBe(200);
    // The state change the request caused is logged, with its request_id: the logger works, only request lines are off.
    await expect
      .poll(() => server.records().some((r) => r['request_id'] === 'quiet-post-1' && r['to'] === 'wait'), { timeout: 10_000 })
      .toBe(true);
    expect(server.records().filter((r) => r['res'] !== undefined || r['responseTime'] !== undefined)).toEqual([]);
    expect(server.records().some((r) => r['request_id'] === 'quiet-get-1')).toBe(false);

    const { samples, types } = parsePrometheusText(await (await fetch(`${server.base}/api/1/metrics/`)).text());
    expect(types.get('composes_total')).toBe('gauge');
    expect(samples.filter((s) => s.name.startsWith('odcs_http_request_duration_seconds'))).toEqual([]);
  });
});
