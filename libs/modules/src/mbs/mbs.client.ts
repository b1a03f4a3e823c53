import { ModuleLookupError } from '../module-lookup.error.js';
import { MBS_STATE_DONE, MBS_STATE_READY, type MbsClientOptions, type MbsModuleBuild, type MbsPage, type MbsQuery } from './mbs.types.js';

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const MAX_PAGES = 1000;

class Transient extends Error {}

function describe(e: unknown): string {
  const cause = (e as { cause?: { message?: string; code?: string } }).cause;
  if (e instanceof Error && e.name === 'TimeoutError') return 'timed out';
  return cause?.message ?? cause?.code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Reads module builds from the Module Build Service over HTTP (Node's fetch, undici): every page of
 * `/1/module-builds/`, each request retried on network errors and 5xx answers until `net_timeout` ran out.
 */
export class MbsClient {
  constructor(private readonly options: MbsClientOptions) {}

  get apiUrl(): string {
    return `${this.options.url.replace(/\/+$/, '')}/1`;
  }

  /** All builds matching the query, highest version first (CONTRACT §8.3 query parameters). */
  async moduleBuilds(query: MbsQuery): Promise<MbsModuleBuild[]> {
    const params = new URLSearchParams({ nsvc: query.nsvc, state: String(MBS_STATE_READY) });
    if (query.includeDone) params.append('state', String(MBS_STATE_DONE));
    params.set('verbose', 'True');
    params.set('order_desc_by', 'version');
    const br = query.baseModule;
    if (br) {
      params.set('base_module_br_name', br.name);
      if (br.stream) params.set('base_module_br_stream', br.stream);
      if (typeof br.streamVersionLte === 'number') params.set('base_module_br_stream_version_lte', String(br.streamVersionLte));
      if (typeof br.streamVersionGte === 'number') params.set('base_module_br_stream_version_gte', String(br.streamVersionGte));
    }
    const items: MbsModuleBuild[] = [];
    let url: string | null = `${this.apiUrl}/module-builds/?${params.toString()}`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const body: MbsPage = await this.getJson(url);
      if (!Array.isArray(body?.items)) throw new ModuleLookupError(`The MBS answered ${url} without an "items" list.`);
      items.push(...body.items);
      url = body.meta?.next ? new URL(body.meta.next, url).toString() : null;
    }
    return items;
  }

  private async getJson(url: string): Promise<MbsPage> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (;;) {
      try {
        return await this.attempt(url, Math.max(1, deadline - Date.now()));
      } catch (e) {
        const transient = e instanceof Transient || !(e instanceof ModuleLookupError);
        if (!transient || Date.now() + Math.max(100, this.options.retryDelayMs) >= deadline) {
          if (e instanceof ModuleLookupError) throw e;
          throw new ModuleLookupError(
            `Cannot query the MBS at ${url}: ${describe(e)} (gave up after ${Math.round(this.options.timeoutMs / 1000)} s)`,
            { cause: e },
          );
        }
        await new Promise((r) => setTimeout(r, Math.max(100, this.options.retryDelayMs)));
      }
    }
  }

  private async attempt(url: string, timeoutMs: number): Promise<MbsPage> {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (TRANSIENT_STATUSES.has(res.status)) throw new Transient(`HTTP ${res.status}`);
    if (!res.ok) throw new ModuleLookupError(`The MBS answered ${url} with HTTP ${res.status}: ${text.slice(0, 200)}`);
    try {
      return JSON.parse(text) as MbsPage;
    } catch {
      throw new ModuleLookupError(`The MBS answered ${url} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
  }
}
