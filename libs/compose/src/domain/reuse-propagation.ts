import type { Compose } from './compose.js';

/**
 * What composes reusing another do when that one changes (CONTRACT §4.3, §6.4): the one place that
 * decides it. Each compose changes only itself, through its own methods; the caller saves them all
 * in one transaction.
 */
export const ReusePropagation = {
  /**
   * `reused` reached a final state (done, failed, removed): its reusers still generating end the same
   * way. Returns the reusers that changed.
   */
  follow(reused: Compose, reusers: readonly Compose[], now: Date): Compose[] {
    const r = reused.snapshot();
    if (r.state !== 'done' && r.state !== 'failed' && r.state !== 'removed') return [];
    const followers = reusers.filter((c) => c.state === 'generating' && c.snapshot().reusedId === reused.id);
    for (const c of followers) c.followReused(r, now);
    return followers;
  },

  /**
   * `compose` reuses the older identical `older`, and so do the composes that were waiting on
   * `compose` (no chains). All of them and `older` live as long as the longest of them; when `older`
   * is done they are done now, else they wait for it (follow). Returns the composes that changed.
   */
  link(compose: Compose, older: Compose, waitingOnCompose: readonly Compose[], now: Date): Compose[] {
    const linked = [compose, ...waitingOnCompose.filter((c) => c.state === 'generating')];
    for (const c of linked) {
      c.reuse(older.snapshot());
      older.keepUntilAtLeast(c.snapshot().timeToExpire);
    }
    if (older.state === 'done') for (const c of linked) c.completeGeneration(now);
    return [older, ...linked];
  },
};
