import { PulpHttp, type PulpClient, type PulpHttpOptions } from './pulp-http.js';
import type { PulpRawRepo } from './pulp-repos.js';

/** Pulp 2 REST API (`<pulp_server_url>/pulp/api/v2/`): repository search by notes, repository details. */
export class PulpV2Client implements PulpClient {
  private readonly root: string;
  private readonly http: PulpHttp;

  constructor(options: PulpHttpOptions) {
    this.root = `${options.pulp.serverUrl.replace(/\/+$/, '')}/pulp/api/v2/`;
    this.http = new PulpHttp(options);
  }

  /** Repositories whose notes.content_set is one of `contentSets` (published ones unless told otherwise). */
  async searchByContentSets(contentSets: readonly string[], includeUnpublished: boolean, signal: AbortSignal): Promise<PulpRawRepo[]> {
    const filters: Record<string, unknown> = { 'notes.content_set': { $in: contentSets } };
    if (!includeUnpublished) filters['notes.include_in_download_service'] = 'True';
    const body = await this.http.request(
      'POST',
      `${this.root}repositories/search/`,
      { criteria: { filters, fields: ['notes', 'id'] } },
      signal,
    );
    if (!Array.isArray(body))
      throw new Error(`Pulp at ${this.root}repositories/search/ answered with ${typeof body} instead of a list of repositories`);
    return body as PulpRawRepo[];
  }

  /** One repository by id; null when Pulp does not know it (404). */
  async repository(id: string, signal: AbortSignal): Promise<PulpRawRepo | null> {
    const body = await this.http.request('GET', `${this.root}repositories/${encodeURIComponent(id)}/`, undefined, signal, true);
    if (body === null) return null;
    if (typeof body !== 'object' || Array.isArray(body)) throw new Error(`Pulp answered with no repository object for ${id}`);
    return body;
  }
}
