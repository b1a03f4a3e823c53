import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupExists, groupHasLiveProcess, longTimeout, signalGroup } from './process-group.js';

describe('longTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires after delays longer than a Node timer can hold, and not before', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    longTimeout(3_000_000_000, fire);
    vi.advanceTimersByTime(2_999_999_999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    const cancel = longTimeout(1000, fire);
    cancel();
    vi.advanceTimersByTime(5000);
    expect(fire).not.toHaveBeenCalled();
  });
});

describe('process groups', () => {
  it('sees our own process group and treats signalling a missing group as done', () => {
    // The test worker's own group exists; a group id far above pid_max does not.
    const ownGroup = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[2]);
    expect(groupExists(ownGroup)).toBe(true);
    expect(groupExists(2 ** 30)).toBe(false);
    expect(() => signalGroup(2 ** 30, 'SIGTERM')).not.toThrow();
  });

  it('tells whether a process of a group still runs', async () => {
    const ownGroup = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[2]);
    expect(groupHasLiveProcess(ownGroup)).toBe(true);
    expect(groupHasLiveProcess(2 ** 30)).toBe(false);
    const leader = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    await once(leader, 'spawn');
    const pgid = leader.pid ?? 0;
    expect(groupHasLiveProcess(pgid)).toBe(true);
    signalGroup(pgid, 'SIGKILL');
    await once(leader, 'exit');
    await expect.poll(() => groupHasLiveProcess(pgid), { timeout: 5000, interval: 20 }).toBe(false);
  });
});
