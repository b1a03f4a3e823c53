import { Inject, Injectable } from '@nestjs/common';
import { COMPOSE_REPOSITORY, type ComposeRepository, type ComposeVersion } from '../ports/compose.repository.js';
import { ComposeJsonPresenter } from './compose-json.presenter.js';

/** Composes whose JSON a process keeps: about 1.5 kB each, 3 MB in all (a hundred pages of 20). */
export const KEPT_COMPOSES = 2000;

/**
 * The ODCS JSON of the composes of a list page, as UTF-8 bytes. The JSON of the last KEPT_COMPOSES
 * composes rendered is kept with the row version it was rendered from, and served again while the
 * page shows the compose at that version: a list asks the database for its page's ids and versions
 * only, then for the rows of the composes not kept or changed since, and renders only those. A
 * compose's JSON depends on its row and on this process's configuration alone, so the kept bytes
 * are what rendering the row again would give.
 */
@Injectable()
export class ListedComposeJson {
  private readonly kept = new Map<number, { version: string; json: Buffer }>();

  constructor(
    private readonly presenter: ComposeJsonPresenter,
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
  ) {}

  /** The JSON of each compose of `page`, in its order. */
  async of(page: readonly ComposeVersion[]): Promise<Buffer[]> {
    const json: (Buffer | undefined)[] = page.map(({ id, version }) => {
      const kept = this.kept.get(id);
      if (kept?.version !== version) return undefined;
      this.kept.delete(id); // most recently used last: the oldest are dropped first
      this.kept.set(id, kept);
      return kept.json;
    });
    const missing = page.filter((_, i) => json[i] === undefined).map((c) => c.id);
    if (missing.length === 0) return json as Buffer[];
    const rendered = new Map<number, Buffer>();
    for (const { compose, version } of await this.composes.findListed(missing)) {
      const bytes = Buffer.from(JSON.stringify(this.presenter.toJson(compose)));
      rendered.set(compose.id, bytes);
      this.keep(compose.id, version, bytes);
    }
    // A compose listed but gone by the time its row was read is left out.
    return page.flatMap(({ id }, i) => json[i] ?? rendered.get(id) ?? []);
  }

  private keep(id: number, version: string, json: Buffer): void {
    this.kept.delete(id);
    this.kept.set(id, { version, json });
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= KEPT_COMPOSES) break;
      this.kept.delete(oldest);
    }
  }
}
