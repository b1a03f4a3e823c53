import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltProcess, type LoggingStandalone, startLoggingStandalone } from '../../support/built-process.js';

let standalone: LoggingStandalone;
let server: BuiltProcess;

const records = () => server.records();
const until = <T>(find: () => T | undefined, what: string) => server.untilLine(find, what);

beforeAll(async () => {
  // The real single-process server with its stdout piped (not a TTY): log_format auto gives JSON lines.
  standalone = await startLoggingStandalone({ ODCS_PICKUP_INTERVAL_SECONDS: '1' });
  server = standalone.server;
}, 60_000);
afterAll(() => standalone?.close());

describe('structured logs of a real process', () => {
  it('writes only JSON lines, each HTTP request with its request_id (given or made) and the backend id', async () => {
    const res = await fetch(`${server.base}/api/1/about/`, { headers: { 'X-Request-Id': 'trace-abc-1' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-1');
    const made = (await fetch(`${server.base}/api/1/composes/`)).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const line = await until(() => records().find((r) => r['request_id'] === 'trace-abc-1'), 'with request_id trace-abc-1');
    expect(line).toMatchObject({ process: 'standalone', req: { method: 'GET', url: '/api/1/about/' }, res: { status: 200 } });
    expect(line['backend_id']).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
    await until(() => records().find((r) => r['request_id'] === made), `with request_id ${made}`);
  });

  it('logs every state change of a compose once, with compose_id and reason', async () => {
    const created = (await (
      await fetch(`${server.base}/api/1/composes/`, { method: 'POST', body: JSON.stringify({ source: { type: 'tag', source: 'f40' } }) })
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
