/** Connection settings of the Koji client. */
export interface KojiClientOptions {
  /** XML-RPC endpoint of the hub (ODCS `koji_url`'s hub). */
  hubUrl: string;
  /** Base URL of Koji's file tree, where `packages/` lives (Koji `topurl`). */
  topUrl: string;
  /** Time allowed for one XML-RPC request, connect to last byte (ODCS `net_timeout`). */
  timeoutMs: number;
  /** Further attempts after a connection error, timeout or HTTP 502/503/504 (faults are never retried). */
  retries: number;
  /** Delay before the first retry; doubles on each further retry. */
  retryDelayMs: number;
  /** Largest number of calls sent in one multiCall request. */
  multicallBatchSize: number;
}

export const KOJI_CLIENT_OPTIONS = Symbol('KOJI_CLIENT_OPTIONS');

export const DEFAULT_KOJI_CLIENT_OPTIONS: KojiClientOptions = {
  hubUrl: 'https://koji.fedoraproject.org/kojihub',
  topUrl: 'https://kojipkgs.fedoraproject.org',
  timeoutMs: 120_000,
  retries: 3,
  retryDelayMs: 2_000,
  multicallBatchSize: 500,
};

export function resolveKojiClientOptions(options: Partial<KojiClientOptions> = {}): KojiClientOptions {
  const resolved = { ...DEFAULT_KOJI_CLIENT_OPTIONS, ...stripUndefined(options) };
  for (const key of ['timeoutMs', 'retries', 'retryDelayMs', 'multicallBatchSize'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0 || (key !== 'retries' && key !== 'retryDelayMs' && value === 0)) {
      throw new RangeError(`Koji option ${key} must be a ${key === 'retries' ? 'non-negative' : 'positive'} number, got ${value}`);
    }
  }
  for (const key of ['hubUrl', 'topUrl'] as const) {
    try {
      new URL(resolved[key]);
    } catch {
      throw new RangeError(`Koji option ${key} must be an absolute URL, got "${resolved[key]}"`);
    }
  }
  return { ...resolved, topUrl: resolved.topUrl.replace(/\/+$/, '') };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
