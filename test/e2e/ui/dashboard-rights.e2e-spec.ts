import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { forceState } from '../../support/compose-rows.js';
import { as, HEADER_AUTH, sqlOf } from '../auth/auth-e2e.helpers.js';

let web: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let waiting: number; // alice's, in wait (no backend runs)
let finished: number; // alice's, done

/** A page whose every request carries the identity headers a trusted front proxy would set (none: anonymous). */
async function pageAs(user: string | null, groups: string[] = []): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: user === null ? {} : as(user, groups) });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  return page;
}

/** Opens a compose's page and tells which action buttons it offers. */
async function offered(page: Page, id: number): Promise<{ extend: boolean; delete: boolean }> {
  await page.goto(`${web.baseUrl}/#/compose/${id}`);
  await expect.poll(() => page.locator('dd[data-key="State"] .state').count()).toBe(1);
  return {
    extend: await page.getByRole('button', { name: 'Extend' }).isVisible(),
    delete: await page.getByRole('button', { name: 'Delete' }).isVisible(),
  };
}

beforeAll(async () => {
  web = await startTestApp({
    config: {
      ...HEADER_AUTH,
      allowed_clients: { users: { alice: {} }, groups: { packagers: {} } },
      admins: { users: [], groups: ['sysadmins'] },
    },
  });
  const create = async () =>
    (await web.request('POST', '/api/1/composes/', { source: { type: 'tag', source: 'f40' } }, as('alice'))).body.id;
  waiting = await create();
  finished = await create();
  await forceState(sqlOf(web), finished, 'done');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await web?.close();
});

describe('dashboard actions follow the caller’s rights (GET /api/1/whoami/)', () => {
  it('offers an admin Delete on every compose, and Extend when it is an allowed client too', async () => {
    const page = await pageAs('root', ['sysadmins']);
    expect(await offered(page, finished)).toEqual({ extend: false, delete: true }); // root is admin but no allowed client
    expect(await offered(page, waiting)).toEqual({ extend: false, delete: true });
    expect(await page.locator('#me').textContent()).toBe('root (admin)');
    const both = await pageAs('sam', ['sysadmins', 'packagers']);
    expect(await offered(both, finished)).toEqual({ extend: true, delete: true });
    expect(await offered(both, waiting)).toEqual({ extend: true, delete: true });
  });

  it('offers a non-admin Extend, and Delete only of its own waiting compose, which it can then cancel', async () => {
    const page = await pageAs('alice');
    expect(await offered(page, finished)).toEqual({ extend: true, delete: false });
    expect(await page.locator('#me').textContent()).toBe('alice');
    expect(await offered(page, waiting)).toEqual({ extend: true, delete: true });
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Deleted: Compose (id=' + waiting + ') has been canceled');
    expect((await web.request('GET', `/api/1/composes/${waiting}`)).body.state_name).toBe('failed');
  });

  it('offers nothing to a packager on others’ composes beyond Extend, and nothing at all to an anonymous visitor', async () => {
    const packager = await pageAs('bob', ['packagers']);
    expect(await offered(packager, finished)).toEqual({ extend: true, delete: false });
    const anonymous = await pageAs(null);
    expect(await offered(anonymous, finished)).toEqual({ extend: false, delete: false });
    expect(await anonymous.locator('#me').textContent()).toBe('anonymous');
  });
});
