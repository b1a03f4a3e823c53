import { Inject, Injectable } from '@nestjs/common';
import { COMPOSE_REPOSITORY, type ComposeRepository, type ListComposesCriteria, type ListedRow } from '../ports/compose.repository.js';
import { ComposeJsonPresenter } from './compose-json.presenter.js';

/**
 * Composes whose JSON a process keeps at least (and at most twice as many): about 1.5 kB each,
 * 3–6 MB in all (a hundred pages of 20 or more). And as many lists it remembers having shown.
 */
export const KEPT_COMPOSES = 2000;

/** Lists of more composes per page than this are always read in one statement, and not kept. */
const REMEMBERED_PAGE = 200;

interface Kept {
  version: string;
  json: string;
}

/**
 * At least `size` entries, at most twice as many, in two generations, so that nothing is scanned or
 * reordered per request: new entries go into the young one; when it holds `size`, it becomes the
 * old one and the old one is dropped; an entry found in the old one moves to the young one. So what
 * was used least recently goes first.
 */
export class Generations<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.size && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/**
 * A list page as the ODCS JSON text of each of its composes. A process keeps the JSON of the
 * composes it rendered last, with the row version each was rendered from: a compose's JSON depends
 * on its row and on this process's configuration alone, so the kept JSON is what rendering the row
 * again would give.
 *
 * A list shown for the first time costs what it did without: one statement, every row, each
 * rendered (or taken from what is kept at its version), and nothing more kept: most lists are
 * paged through once, and JSON kept for them would only make the heap grow and be collected.
 * A list shown before is asked for its page's ids and row versions only, then for the rows of the
 * composes not kept at those versions, which are rendered and kept: a list polled again and again
 * costs one small statement while its composes do not change.
 */
@Injectable()
export class ListedComposeJson {
  private readonly kept = new Generations<number, Kept>(KEPT_COMPOSES);
  /** The lists (criteria as JSON) shown before. */
  private readonly shown = new Generations<string, true>(KEPT_COMPOSES);

  constructor(
    private readonly presenter: ComposeJsonPresenter,
    @Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository,
  ) {}

  async page(criteria: ListComposesCriteria): Promise<{ items: string[]; total: number }> {
    const key = JSON.stringify(criteria);
    if (!this.shown.get(key)) {
      const { page, total } = await this.composes.list(criteria);
      if (page.length <= REMEMBERED_PAGE) this.shown.set(key, true);
      return { items: page.map((row) => this.json(row as Required<ListedRow>, { keep: false })), total };
    }
    const { page, total } = await this.composes.list(criteria, { versionsOnly: true });
    const items: (string | undefined)[] = page.map(({ id, version }) => {
      const kept = this.kept.get(id);
      return kept?.version === version ? kept.json : undefined;
    });
    const missing = page.filter((_, i) => items[i] === undefined).map((row) => row.id);
    if (missing.length > 0) {
      const rows = new Map((await this.composes.findListed(missing)).map((row) => [row.id, row]));
      page.forEach(({ id }, i) => {
        const row = rows.get(id);
        if (items[i] === undefined && row) items[i] = this.json(row, { keep: true });
      });
    }
    // A compose listed but gone by the time its row was read is left out.
    return { items: items.filter((json) => json !== undefined), total };
  }

  /** The compose's JSON: kept at this version, or rendered now (and kept if `keep`). */
  private json({ id, version, compose }: Required<ListedRow>, opts: { keep: boolean }): string {
    const kept = this.kept.get(id);
    if (kept?.version === version) return kept.json;
    const json = JSON.stringify(this.presenter.toJson(compose));
    if (opts.keep) this.kept.set(id, { version, json });
    return json;
  }
}
