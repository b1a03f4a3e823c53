import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { startTestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { pungiStandin, startService } from '../../support/service.js';

let hub: KojiHub;
let db: TestDatabase;
let web: TestApp; // the frontend alone: composes wait until a backend starts
let backend: TestApp | undefined;
let browser: Browser;
let page: Page;
const ids: Record<string, number> = {};

beforeAll(async () => {
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  db = await createTestDatabase();
  web = await startTestApp({ db, servedUrls: true });
  for (const [name, body] of Object.entries({
    base: { source: { type: 'tag', source: 'odcs-base' }, label: 'Alpha-1.0' },
    updates: { source: { type: 'tag', source: 'odcs-updates' }, label: 'Beta-1.0', flags: ['no_reuse'] },
    build: { source: { type: 'build', source: '', builds: ['odcs-foo-1.0-1'] }, label: 'Alpha-1.0' },
  })) {
    ids[name] = (await web.request('POST', '/api/1/composes/', body)).body.id;
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
  await browser?.close();
  await backend?.close();
  await web?.close();
  await db?.drop();
  await hub?.close();
});

const rowIds = async () =>
  (await page.locator('tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).map(Number);

describe('web dashboard in headless Chromium', () => {
  it('is small: page and script under 100 kB', async () => {
    const html = await fetch(`${web.baseUrl}/`).then((r) => r.text());
    const js = await fetch(`${web.baseUrl}/dashboard.js`).then((r) => r.text());
    expect(html).toContain('On Demand Compose Service');
    expect(Buffer.byteLength(html) + Buffer.byteLength(js)).toBeLessThan(100_000);
  });

  it('lists composes newest first, filters them and pages', async () => {
    await page.goto(`${web.baseUrl}/`);
    await expect.poll(rowIds).toEqual([ids['build'], ids['updates'], ids['base']]);
    await page.getByLabel('search').fill('UPDATES');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(rowIds).toEqual([ids['updates']]);
    await page.getByLabel('search').fill('');
    await page.getByLabel('label').fill('Alpha-1.0');
    await page.getByLabel('source_type').selectOption('build');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(rowIds).toEqual([ids['build']]);
    await page.goto(`${web.baseUrl}/#/?per_page=2&state=wait`);
    await expect.poll(rowIds).toEqual([ids['build'], ids['updates']]);
    expect(await page.locator('.pager span').textContent()).toBe('page 1 of 2 (3 composes)');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(rowIds).toEqual([ids['base']]);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
  });

  it('opens a compose and sees it move from wait to done live, with its timeline and log', async () => {
    await page.goto(`${web.baseUrl}/`);
    await page.getByRole('link', { name: String(ids['updates']), exact: true }).click();
    await expect.poll(() => page.locator('dd[data-key="State"] .state').getAttribute('data-state')).toBe('wait');
    await expect.poll(() => page.locator('tbody tr[data-state]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Extend' }).isDisabled()).toBe(true); // nothing to renew while waiting
    // A backend process starts on the same database; the page hears of it through the events stream.
    const standin = pungiStandin({ PUNGI_STANDIN_MODE: 'sleep', PUNGI_STANDIN_SLEEP: '1' });
    backend = await startService({
      db,
      config: {
        koji_hub_url: hub.hubUrl,
        koji_top_url: hub.topUrl,
        compose_engine: 'pungi',
        pungi_koji: standin.command,
        target_dir: web.targetDir,
        target_dir_url: web.config.target_dir_url,
      },
    });
    await expect.poll(() => page.locator('dd[data-key="State"] .state').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    // The timeline comes from the events stream, which another process's commits reach within a
    // second (the stream polls the outbox); the state above may be refreshed by the page's poll first.
    await expect
      .poll(() => page.locator('tbody tr[data-state]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))), {
        timeout: 10_000,
      })
      .toEqual(['wait', 'generating', 'done']);
    expect(await page.locator('dd[data-key="Reason"]').textContent()).toBe('Compose is generated successfully');
    expect(await page.locator('dd[data-key="Repo file"] a').getAttribute('href')).toBe(
      `${web.config.target_dir_url}/odcs-${ids['updates']}/compose/Temporary/odcs-${ids['updates']}.repo`,
    );
    await expect.poll(() => page.getByLabel('log').textContent(), { timeout: 10_000 }).toContain('pungi-koji-standin: running phases');
  });

  it('extends and deletes a compose from its page', async () => {
    const id = (await web.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'no-such-tag' } })).body.id;
    await page.goto(`${web.baseUrl}/#/compose/${id}`);
    await expect.poll(() => page.locator('dd[data-key="State"] .state').getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Deleted');
    const done = (await web.request('GET', `/api/1/composes/${ids['updates']}`)).body;
    await page.goto(`${web.baseUrl}/#/compose/${ids['updates']}`);
    await page.getByLabel('seconds to live').fill('500000');
    await page.getByRole('button', { name: 'Extend' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Extended');
    const extended = (await web.request('GET', `/api/1/composes/${ids['updates']}`)).body;
    expect(Date.parse(extended.time_to_expire)).toBeGreaterThan(Date.parse(done.time_to_expire));
  });
});
