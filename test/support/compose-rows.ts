import type { TestDatabase } from './database.js';

const CODES = { wait: 0, generating: 1, done: 2, removed: 3, failed: 4 } as const;

/**
 * Puts a stored compose into a state for a test's setup (what a backend would have done), keeping
 * the lifecycle CHECK constraints satisfied.
 */
export async function forceState(
  db: TestDatabase,
  id: number,
  state: keyof typeof CODES,
  extra: { reason?: string; timeToExpire?: Date; reusedId?: number; pungiComposeId?: string } = {},
): Promise<void> {
  await db.query(
    `UPDATE composes SET state = $2,
       state_reason = COALESCE($3, state_reason),
       time_started = CASE WHEN $2 <> 0 THEN COALESCE(time_started, now()) ELSE time_started END,
       time_done = CASE WHEN $2 = 2 THEN COALESCE(time_done, now()) ELSE time_done END,
       time_removed = CASE WHEN $2 = 3 THEN COALESCE(time_removed, now()) ELSE time_removed END,
       time_to_expire = COALESCE($4, time_to_expire),
       reused_id = COALESCE($5, reused_id),
       pungi_compose_id = COALESCE($6, pungi_compose_id),
       lease_expires_at = NULL
     WHERE id = $1`,
    [id, CODES[state], extra.reason ?? null, extra.timeToExpire ?? null, extra.reusedId ?? null, extra.pungiComposeId ?? null],
  );
}
