import { describe, expect, it } from 'vitest';
import { Compose } from '../../domain/compose.js';
import { BASE_COMPOSE_FIELDS, T0 } from '../../testing/compose.builder.js';
import { InMemoryComposeRepository } from '../../testing/in-memory-compose.repository.js';
import type { ComposeFilter, ListComposesCriteria, ListedRow } from '../ports/compose.repository.js';
import { ComposeJsonPresenter } from './compose-json.presenter.js';
import { Generations, KEPT_COMPOSES, ListedComposeJson } from './listed-compose-json.js';

const config = { target_dir: '/srv/odcs', target_dir_url: 'http://odcs.example.com/composes', extra_target_dirs: {} };
const newestFirst = (limit: number, filter: ComposeFilter = {}): ListComposesCriteria => ({
  filter,
  orderBy: 'id',
  descending: true,
  offset: 0,
  limit,
});

/** The in-memory repository, recording the composes each read sent whole (none: ids and versions only). */
class RecordingRepository extends InMemoryComposeRepository {
  readonly sent: number[][] = [];
  override async list(criteria: ListComposesCriteria, opts?: { versionsOnly?: boolean }): Promise<{ page: ListedRow[]; total: number }> {
    const result = await super.list(criteria, opts);
    this.sent.push(result.page.filter((r) => r.compose).map((r) => r.id));
    return result;
  }
  override async findListed(ids: readonly number[]): Promise<Required<ListedRow>[]> {
    const rows = await super.findListed(ids);
    this.sent.push(rows.map((r) => r.id));
    return rows;
  }
}

/** The presenter, counting the composes it rendered. */
class CountingPresenter extends ComposeJsonPresenter {
  readonly rendered: number[] = [];
  override toJson(...args: Parameters<ComposeJsonPresenter['toJson']>): ReturnType<ComposeJsonPresenter['toJson']> {
    this.rendered.push(args[0].id);
    return super.toJson(...args);
  }
}

function setup() {
  const repo = new RecordingRepository();
  const presenter = new CountingPresenter(config);
  const json = new ListedComposeJson(presenter, repo);
  const submitMany = (n: number, owner = 'alice') =>
    repo.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await tx.insert(Compose.submit({ ...BASE_COMPOSE_FIELDS, owner }, 1000, T0));
    });
  const submit = (owner = 'alice') =>
    repo.transaction(async (tx) => {
      const c = Compose.submit({ ...BASE_COMPOSE_FIELDS, owner }, 1000, T0);
      await tx.insert(c);
      return c.id;
    });
  const page = async (limit = 20, filter?: ComposeFilter) => (await json.page(newestFirst(limit, filter))).items;
  const expected = async (id: number) => {
    const { pungiConfigDump: _, ...listed } = (await repo.findById(id))!;
    return new ComposeJsonPresenter(config).toJson(listed);
  };
  const start = (id: number) =>
    repo.transaction(async (tx) => {
      const c = await tx.getById(id);
      c.startGeneration(new Date(T0.getTime() + 1000), 'backend-a', 60);
      await tx.save(c);
    });
  return { repo, presenter, json, submit, submitMany, page, expected, start };
}

const parsed = (items: string[]) => items.map((j) => JSON.parse(j) as Record<string, unknown>);

describe('ListedComposeJson', () => {
  it("renders each compose of the page, in the page's order, as the presenter does, with the total", async () => {
    const { json, submit, expected } = setup();
    const a = await submit('alice');
    const b = await submit('bob');
    const { items, total } = await json.page(newestFirst(20));
    expect(total).toBe(2);
    expect(parsed(items)).toEqual([await expected(b), await expected(a)]);
  });

  it('asks the database again only for the composes changed or new on the page since the list was last shown', async () => {
    const { repo, presenter, submit, page, expected, start } = setup();
    const a = await submit();
    const b = await submit();
    const first = await page(); // shown for the first time: one statement with the rows, rendered, not kept
    expect(await page()).toEqual(first); // the second time: versions, then the rows, rendered and kept
    expect(await page()).toEqual(first); // then versions only, served from what is kept
    await start(a);
    const c = await submit();
    const changed = await page();
    expect(repo.sent).toEqual([[b, a], [], [b, a], [], [], [c, a]]);
    expect(presenter.rendered).toEqual([b, a, b, a, c, a]);
    expect(changed[1]).toBe(first[0]);
    expect(parsed(changed)).toEqual([await expected(c), await expected(b), await expected(a)]);
    expect(parsed(changed)[2]).toMatchObject({ id: a, state_name: 'generating' });
  });

  it('serves JSON kept from another list when the row version matches, and tells each list only what it showed', async () => {
    const { repo, presenter, submit, page } = setup();
    const a = await submit('alice');
    const b = await submit('bob');
    await page();
    const everything = await page();
    const bobs = await page(20, { owner: 'bob' });
    expect(bobs).toEqual([everything[0]]);
    expect(repo.sent).toEqual([[b, a], [], [b, a], [b]]); // the list is new: the database sends the row
    expect(presenter.rendered).toEqual([b, a, b, a]); // but its JSON is kept at this version
  });

  it(`reads a page of more composes than it keeps (${2 * KEPT_COMPOSES + 1}) whole each time, keeping none of it`, async () => {
    const { presenter, submitMany, page, expected } = setup();
    const n = 2 * KEPT_COMPOSES + 1;
    await submitMany(n);
    const first = await page(n);
    const second = await page(n);
    expect(second).toHaveLength(n);
    expect(presenter.rendered).toHaveLength(2 * n); // pages this large are read whole, and not kept
    expect(second).toEqual(first);
    expect(parsed([second[n - 1]!])).toEqual([await expected(1)]);
  });
});

describe('Generations', () => {
  it('keeps at least `size` entries, dropping those used least recently', () => {
    const g = new Generations<number, string>(2);
    g.set(1, 'a');
    g.set(2, 'b');
    g.set(3, 'c'); // the young generation was full: 1 and 2 are the old one now
    expect(g.get(1)).toBe('a'); // used again: young with 3
    g.set(4, 'd'); // full again: 3 and 1 become the old generation, 2 is dropped
    expect(g.get(2)).toBeUndefined();
    expect([g.get(1), g.get(3), g.get(4)]).toEqual(['a', 'c', 'd']);
    g.set(4, 'e'); // replacing an entry of the young generation does not age it
    expect(g.get(4)).toBe('e');
  });
});
