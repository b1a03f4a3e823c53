import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';

let t: TestApp;
let failedId: number;

beforeAll(async () => {
  t = await startTestApp();
  failedId = (await t.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } })).body.id;
  await forceState(t.db, failedId, 'failed', { reason: 'boom' });
});
afterAll(() => t.close());

const errorShape = (status: number) => ({ status, error: expect.any(String), message: expect.any(String) });

/** Sends bytes as they are (what fetch refuses to send) and parses the answer. */
function raw(request: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: body ? JSON.parse(body) : undefined });
    });
  });
}

describe('bad input is a 400 with the error JSON, never a 500', () => {
  it.each(['constructor', '-constructor', '__proto__', 'toString', 'hasOwnProperty', '-valueOf'])('order_by=%s', async (key) => {
    const res = await t.request('GET', `/api/1/composes/?order_by=${key}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ...errorShape(400), message: expect.stringContaining('An invalid order_by key was suplied') });
  });

  it.each(['constructor', '__proto__', 'toString'])('source_type=%s', async (value) => {
    const res = await t.request('GET', `/api/1/composes/?source_type=${value}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorShape(400));
  });

  it.each(['owner', 'source', 'label', 'compose_type', 'pungi_compose_id'])('a NUL character in the %s filter', async (key) => {
    const res = await t.request('GET', `/api/1/composes/?${key}=a%00b`);
    expect(res.body).toEqual({ ...errorShape(400), message: 'Control characters are not allowed in ODCS input variables' });
  });

  it.each(['2147483648', '99999999999999999999', '9'.repeat(400)])('koji_task_id=%s beyond int32', async (value) => {
    const res = await t.request('GET', `/api/1/composes/?koji_task_id=${value}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ...errorShape(400), message: expect.stringContaining('expected an integer between 0 and 2147483647') });
    expect(res.text.length).toBeLessThan(300);
  });

  it('koji_task_id=2147483647 is fine and matches nothing', async () => {
    const res = await t.request('GET', '/api/1/composes/?koji_task_id=2147483647');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it.each([50, 5000, 100_000])('a POST body of arrays nested %i deep', async (depth) => {
    const res = await t.request('POST', '/api/1/composes/', '['.repeat(depth) + ']'.repeat(depth));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorShape(400));
    expect(res.text.length).toBeLessThan(400);
  });

  it.each([
    ['a long key with a list of lists', { source: { type: 'tag', source: 'f40' }, ['k'.repeat(5000)]: [['x']] }],
    ['a long key with a null', { source: { type: 'tag', source: 'f40' }, ['k'.repeat(5000)]: null }],
    ['a long unknown flag', { source: { type: 'tag', source: 'f40' }, flags: ['f'.repeat(5000)] }],
    ['a long unknown source type', { source: { type: 't'.repeat(5000), source: 'f40' } }],
  ])('%s is quoted only as an excerpt', async (_name, body) => {
    const res = await t.request('POST', '/api/1/composes/', body);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(400);
  });

  it('a long compose id is quoted only as an excerpt', async () => {
    const res = await t.request('GET', `/api/1/composes/${'x'.repeat(5000)}`);
    expect(res.status).toBe(404);
    expect(res.text.length).toBeLessThan(400);
  });

  it('a long body is not echoed in the message', async () => {
    const res = await t.request('POST', '/api/1/composes/', [{ x: 'y'.repeat(100_000) }]);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(400);
  });

  it.each(['true', '[]', '[1]', '"x"', '3', 'null'])('a PATCH with the JSON body %s regenerates nothing', async (body) => {
    const res = await t.request('PATCH', `/api/1/composes/${failedId}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ...errorShape(400), message: 'The PATCH body must be a JSON object' });
    const rows = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM composes');
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('an over-long URL gets the error JSON', async () => {
    const res = await raw(`GET /api/1/composes/?label=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(res).toEqual({ status: 431, body: errorShape(431) });
  });

  it('over-long headers get the error JSON', async () => {
    const res = await raw(`GET /api/1/composes/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`);
    expect(res).toEqual({ status: 431, body: errorShape(431) });
  });

  it('an invalid method token gets the error JSON', async () => {
    const res = await raw('G(T /api/1/composes/ HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res).toEqual({ status: 400, body: errorShape(400) });
  });
});
