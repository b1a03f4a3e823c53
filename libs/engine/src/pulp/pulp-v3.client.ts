import { PulpHttp, type PulpClient, type PulpHttpOptions } from './pulp-http.js';
import type { PulpRawRepo } from './pulp-repos.js';

/** An RPM distribution of Pulp 3 (`/pulp/api/v3/distributions/rpm/rpm/`). */
interface Pulp3Distribution {
  name?: string;
  base_path?: string;
  base_url?: string | null;
  repository?: string | null;
  publication?: string | null;
  pulp_labels?: Record<string, string>;
}

interface Pulp3Page {
  next?: string | null;
  results?: Pulp3Distribution[];
}

/**
 * Pulp 3 REST API (`<pulp_server_url>/pulp/api/v3/`): RPM distributions found by their
 * `content_set` label or by base path. Their labels play the part of Pulp 2's notes (`arch`,
 * `signatures`, `product_versions`, `include_in_download_service`); content is served below
 * pulp_server_url at the path of the distribution's base_url.
 */
export class PulpV3Client implements PulpClient {
  private readonly server: string;
  private readonly root: string;
  private readonly http: PulpHttp;

  constructor(options: PulpHttpOptions) {
    this.server = options.pulp.serverUrl.replace(/\/+$/, '');
    this.root = `${this.server}/pulp/api/v3/distributions/rpm/rpm/`;
    this.http = new PulpHttp(options);
  }

  async searchByContentSets(contentSets: readonly string[], includeUnpublished: boolean, signal: AbortSignal): Promise<PulpRawRepo[]> {
    const repos: PulpRawRepo[] = [];
    for (const contentSet of contentSets) {
      const query = new URLSearchParams({ pulp_label_select: `content_set=${contentSet}` });
      for (const d of await this.distributions(`${this.root}?${query.toString()}`, signal)) {
        const repo = this.toRepo(d);
        if (includeUnpublished || repo.notes?.['include_in_download_service'] === 'True') repos.push(repo);
      }
    }
    return repos;
  }

  async repository(basePath: string, signal: AbortSignal): Promise<PulpRawRepo | null> {
    const query = new URLSearchParams({ base_path: basePath });
    const found = (await this.distributions(`${this.root}?${query.toString()}`, signal)).find((d) => d.base_path === basePath);
    return found ? this.toRepo(found) : null;
  }

  /** Every distribution of a listing, following its `next` pages. */
  private async distributions(first: string, signal: AbortSignal): Promise<Pulp3Distribution[]> {
    const all: Pulp3Distribution[] = [];
    const seen = new Set<string>();
    for (let url: string | null | undefined = first; url && !seen.has(url);) {
      seen.add(url);
      const page = (await this.http.request('GET', url, undefined, signal)) as Pulp3Page;
      if (!page || !Array.isArray(page.results)) throw new Error(`Pulp at ${url} answered with no list of distributions ("results")`);
      all.push(...page.results);
      url = page.next;
    }
    return all;
  }

  private toRepo(d: Pulp3Distribution): PulpRawRepo {
    const labels = d.pulp_labels ?? {};
    const basePath = (d.base_path ?? '').replace(/^\/+|\/+$/g, '');
    const serverPath = new URL(this.server).pathname.replace(/\/+$/, '');
    let path = d.base_url ? new URL(d.base_url, `${this.server}/`).pathname : `${serverPath}/pulp/content/${basePath}/`;
    if (serverPath && path.startsWith(`${serverPath}/`)) path = path.slice(serverPath.length);
    const serving = Boolean(d.publication || d.repository) && labels['include_in_download_service'] !== 'False';
    const notes: Record<string, unknown> = {
      relative_url: path.replace(/^\/+|\/+$/g, ''),
      signatures: labels['signatures'] ?? '',
      include_in_download_service: serving ? 'True' : 'False',
    };
    if (labels['arch']) notes['arch'] = labels['arch'];
    if (labels['content_set']) notes['content_set'] = labels['content_set'];
    if (labels['product_versions']) notes['product_versions'] = labels['product_versions'];
    return { id: d.name ?? basePath, notes };
  }
}
