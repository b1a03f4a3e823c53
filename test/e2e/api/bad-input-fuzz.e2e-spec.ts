/**
 * Seeded, bounded fuzzing of the REST API: thousands of generated bad requests against the real
 * server. None may be answered with a 5xx, every refusal has the error JSON shape, and none may
 * write a row. A failure prints the seed and the request, so it can be replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';

const SEED = 0x14c0de;
const REQUESTS = 3000;
const CONCURRENCY = 8;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Gen = ReturnType<typeof generator>;

/** encodeURIComponent, with a lone surrogate sent as its (invalid) UTF-8 bytes. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf'];
  const KEYS = ['source', 'type', 'packages', 'builds', 'sigkeys', 'flags', 'arches', 'results', 'seconds_to_live', 'koji_event'];
  const strings = [
    '',
    ' ',
    '\0',
    'a\0b',
    '\u0001\u001f',
    '\ud800',
    '💥',
    'tag',
    'module',
    '-1',
    '2147483648',
    '-2147483649',
    '9'.repeat(300),
    '1e309',
    'NaN',
    '0x10',
    ' 7 ',
    'x'.repeat(5000),
    '../../etc/passwd',
    '%00',
    '%',
    ...PROTO,
  ];
  const text = (): string => (rnd() < 0.7 ? pick(strings) : String.fromCharCode(...Array.from({ length: int(12) }, () => int(0x3000))));
  const scalar = (): unknown =>
    pick([() => text(), () => int(2 ** 33) - 2 ** 32, () => rnd() * 1e20, () => 10 ** int(320), () => rnd() < 0.5, () => null])();
  const value = (depth: number): unknown => {
    if (depth > 5 || rnd() < 0.4) return scalar();
    if (rnd() < 0.5) return Array.from({ length: int(4) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--) obj[rnd() < 0.6 ? pick([...KEYS, ...PROTO]) : text()] = value(depth + 1);
    return obj;
  };
  /** A POST body that cannot be a valid request: its flags hold an unknown flag, whatever else it has. */
  const badBody = (): string => {
    const kind = int(6);
    if (kind === 0) return JSON.stringify(value(0));
    if (kind === 1) return '['.repeat(1 + int(20_000));
    if (kind === 2) return '{"a":'.repeat(1 + int(200)) + '1' + '}'.repeat(int(200));
    if (kind === 3) return text();
    const body = { source: { type: pick(['tag', 'module', 'build', 'repo', ...PROTO]), source: text(), ...(value(1) as object) } };
    return JSON.stringify({ ...body, ...(rnd() < 0.5 ? (value(1) as object) : {}), flags: [pick(PROTO), 'no-such-flag'] });
  };
  const query = (): string => {
    const keys = ['order_by', 'state', 'source_type', 'owner', 'source', 'label', 'compose_type', 'koji_task_id', 'page', 'per_page'];
    const parts = Array.from({ length: 1 + int(4) }, () => {
      const k = rnd() < 0.8 ? pick(keys) : pick(PROTO);
      const v = rnd() < 0.3 ? `-${pick(PROTO)}` : text();
      return `${enc(k)}=${rnd() < 0.9 ? enc(v) : pick(['%00', '%ZZ', '%ED%A0%80', '%'])}`;
    });
    return parts.join('&');
  };
  const id = (): string => pick([String(int(1000)), '0', '-1', '2147483648', '9'.repeat(50), '%00', 'constructor', enc(text())]);
  return {
    request(): { method: string; path: string; body?: string } {
      switch (int(5)) {
        case 0:
          return { method: 'GET', path: `/api/1/composes/?${query()}` };
        case 1:
          return { method: 'GET', path: `/api/1/composes/${id()}` };
        case 2:
          return { method: 'POST', path: '/api/1/composes/', body: badBody() };
        case 3:
          return { method: 'PATCH', path: `/api/1/composes/${id()}`, body: rnd() < 0.5 ? JSON.stringify(value(0)) : badBody() };
        default:
          return { method: 'DELETE', path: `/api/1/composes/${id()}` };
      }
    },
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe(`fuzzing the API with ${REQUESTS} bad requests (seed ${SEED})`, () => {
  it('answers none with a 5xx, refuses each in the error JSON shape and writes nothing', async () => {
    const gen: Gen = generator(SEED);
    const requests = Array.from({ length: REQUESTS }, () => gen.request());
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++]!;
        const res = await t.request(req.method, req.path, req.body);
        const refusedWell =
          res.status < 500 &&
          (res.status < 400 ||
            (typeof res.body?.message === 'string' && res.body.status === res.status && typeof res.body.error === 'string'));
        if (!refusedWell || (res.status === 200 && req.method !== 'GET')) {
          problems.push(
            `${res.status} ${req.method} ${req.path.slice(0, 200)} ${String(req.body).slice(0, 200)} → ${res.text.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(problems).toEqual([]);
    const [composes] = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM composes');
    const [messages] = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM outbox_messages');
    expect({ composes: Number(composes!.n), messages: Number(messages!.n) }).toEqual({ composes: 0, messages: 0 });
  });
});
