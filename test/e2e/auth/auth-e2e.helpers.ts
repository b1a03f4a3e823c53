import { expect } from 'vitest';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import type { TestApp, TestResponse } from '../../support/app.js';
import type { TestDatabase } from '../../support/database.js';

/**
 * The app's database through one short-lived connection per query, closed before the query
 * resolves. Used instead of TestApp.db, whose pool has no 'error' listener: its idle connections
 * can still be closing when the database is dropped WITH (FORCE) at teardown, and the resulting
 * 57P01 error is then re-emitted on the pool as an uncaught exception (see the report on
 * test/support/database.ts).
 */
export function sqlOf(t: TestApp): TestDatabase {
  return {
    ...t.db,
    query: async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      const client = new pg.Client({ connectionString: t.db.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
  };
}

/** Identity headers of the header backend, as a trusted front proxy would set them. */
export const USER_HEADER = 'X-Remote-User';
export const GROUPS_HEADER = 'X-Remote-Groups';

/** The config of the header backend reading exactly the headers `as()` sets. */
export const HEADER_AUTH = { auth_backend: 'header', auth_user_header: USER_HEADER, auth_groups_header: GROUPS_HEADER } as const;

/** Headers that make the request come from `user` in `groups` under auth_backend=header. */
export const as = (user: string, groups: string[] = []): Record<string, string> => ({
  [USER_HEADER]: user,
  ...(groups.length > 0 ? { [GROUPS_HEADER]: groups.join(',') } : {}),
});

export interface DatabaseSnapshot {
  composes: number;
  /** Digest of every column of every compose row. */
  composeRows: string;
  outbox: number;
  /** Names in the users table. */
  users: string[];
}

/** What a refused request must leave untouched: every compose row, the outbox and (mostly) the users. */
export async function snapshot(t: TestApp): Promise<DatabaseSnapshot> {
  const [row] = await sqlOf(t).query<DatabaseSnapshot>(
    `SELECT (SELECT count(*)::int FROM composes) AS composes,
            (SELECT coalesce(md5(string_agg(c::text, ',' ORDER BY c.id)), '') FROM composes c) AS "composeRows",
            (SELECT count(*)::int FROM outbox_messages) AS outbox,
            (SELECT coalesce(array_agg(username ORDER BY username), '{}') FROM users) AS users`,
  );
  return row!;
}

/**
 * Checks that no compose and no message changed since `before`. The users table may have gained
 * the authenticated caller (upstream records every user who logs in), nobody else; with
 * `anonymous` (a 401, a provider outage) it must not have changed at all.
 */
export async function expectUnchanged(t: TestApp, before: DatabaseSnapshot, anonymous = false): Promise<void> {
  const after = await snapshot(t);
  expect({ ...after, users: [] }).toEqual({ ...before, users: [] });
  expect(before.users.every((u) => after.users.includes(u))).toBe(true);
  expect(after.users.length - before.users.length).toBeLessThanOrEqual(anonymous ? 0 : 1);
}

/** Sends a request that must be refused with exactly this status and message, and checks that it changed nothing. */
export async function expectRefused(t: TestApp, send: () => Promise<TestResponse>, status: 401 | 403, message: string): Promise<void> {
  const before = await snapshot(t);
  const res = await send();
  expect({ status: res.status, body: res.body as unknown }).toEqual({
    status,
    body: { status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message },
  });
  await expectUnchanged(t, before, status === 401);
}

/** A tag compose request body with the given extra fields. */
export const tagCompose = (extra: Record<string, unknown> = {}, source: Record<string, unknown> = {}): Record<string, unknown> => ({
  source: { type: 'tag', source: 'f40-build', ...source },
  ...extra,
});

/**
 * An HTTP request to the app from a chosen loopback address (any of 127.0.0.0/8 reaches it), so
 * a test can play both a trusted proxy (127.0.0.1) and an untrusted peer (127.0.0.2).
 */
export function requestFrom(
  t: TestApp,
  from: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${t.baseUrl}${path}`,
      { method, localAddress: from, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') responseHeaders.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
