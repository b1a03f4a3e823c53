/**
 * Runs tasks side by side and waits for every one of them to settle (so none is still writing
 * when the caller cleans up). The first task to fail stops the others through the signal they
 * are given, and its error is thrown; when `signal` aborts, its reason is thrown instead.
 */
export async function allOrFirstError(signal: AbortSignal, start: (stop: AbortSignal) => Array<Promise<unknown>>): Promise<void> {
  const stop = new AbortController();
  const inner = AbortSignal.any([signal, stop.signal]);
  const failures: unknown[] = [];
  const tasks = start(inner).map((task) =>
    task.catch((error: unknown) => {
      failures.push(error);
      stop.abort();
    }),
  );
  await Promise.all(tasks);
  signal.throwIfAborted();
  if (failures.length > 0) throw failures[0];
}
