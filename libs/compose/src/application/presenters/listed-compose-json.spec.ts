import { describe, expect, it } from 'vitest';
import { Compose } from '../../domain/compose.js';
import { BASE_COMPOSE_FIELDS, T0 } from '../../testing/compose.builder.js';
import { InMemoryComposeRepository } from '../../testing/in-memory-compose.repository.js';
import type { ListComposesCriteria } from '../ports/compose.repository.js';
import { ComposeJsonPresenter } from './compose-json.presenter.js';
import { KEPT_COMPOSES, ListedComposeJson } from './listed-compose-json.js';

const config = { target_dir: '/srv/odcs', target_dir_url: 'http://odcs.example.com/composes', extra_target_dirs: {} };
const all = (limit = 20): ListComposesCriteria => ({ filter: {}, orderBy: 'id', descending: true, offset: 0, limit });

async function setup() {
  const repo = new InMemoryComposeRepository();
  const presenter = new ComposeJsonPresenter(config);
  const json = new ListedComposeJson(presenter, repo);
  const submitMany = (n: number, owner = 'alice') =>
    repo.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await tx.insert(Compose.submit({ ...BASE_COMPOSE_FIELDS, owner }, 1000, T0));
    });
  const submit = async (owner = 'alice') => {
    await submitMany(1, owner);
    return (await repo.listVersions(all(1))).page[0]!.id;
  };
  const page = async (limit?: number) => json.of((await repo.listVersions(all(limit))).page);
  const expected = async (id: number) => presenter.toJson((await repo.findListed([id]))[0]!.compose);
  return { repo, submit, submitMany, page, expected };
}

describe('ListedComposeJson', () => {
  it("renders each compose of the page, in the page's order, as the presenter does", async () => {
    const { submit, page, expected } = await setup();
    const a = await submit('alice');
    const b = await submit('bob');
    const bodies = await page();
    expect(bodies.map((j) => JSON.parse(j.toString('utf8')))).toEqual([await expected(b), await expected(a)]);
  });

  it('serves the same bytes again while the compose is unchanged, and renders it again once it changes', async () => {
    const { repo, submit, page, expected } = await setup();
    const a = await submit();
    const b = await submit();
    const [firstB, firstA] = await page();
    await repo.transaction(async (tx) => {
      const c = await tx.getById(a);
      c.startGeneration(new Date(T0.getTime() + 1000), 'backend-a', 60);
      await tx.save(c);
    });
    const [againB, againA] = await page();
    expect(againB).toBe(firstB);
    expect(againA).not.toBe(firstA);
    expect(JSON.parse(againA!.toString('utf8'))).toEqual(await expected(a));
    expect(JSON.parse(againA!.toString('utf8'))).toMatchObject({ id: a, state_name: 'generating' });
    expect(b).toBeGreaterThan(a);
  });

  it(`keeps the ${KEPT_COMPOSES} composes listed last, dropping the least recently listed`, async () => {
    const { submitMany, page } = await setup();
    await submitMany(KEPT_COMPOSES + 1);
    const first = await page(KEPT_COMPOSES + 1); // one more than are kept: the first one rendered is dropped
    const second = await page(KEPT_COMPOSES + 1);
    expect(second.at(-1)).toBe(first.at(-1));
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.equals(first[0]!)).toBe(true);
  });
});
