import { afterAll, describe, expect, it } from 'vitest';
import type { OdcsConfig } from '@odcs/config';
import { startTestApp, type TestApp } from '../../support/app.js';

const ALLOWED_CLIENTS = {
  users: { alice: { source_types: ['tag'], arches: ['x86_64', 'aarch64'] }, 'CN=svc,O=Example': {} },
  groups: { packagers: { compose_types: [''], target_dirs: [] } },
};
const RAW_CONFIG_URLS = { fedora: { url: 'https://pagure.io/pungi-fedora.git', config_filename: 'fedora.conf', path: 'sub' } };

/** CONTRACT §1.6: what /api/1/about/ tells about authentication and permissions. */
describe('GET /api/1/about/ and auth', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((t) => t.close())));
  const about = async (config: Partial<OdcsConfig>) => {
    const t = await startTestApp({ config: { sigkeys: ['deadbeef'], ...config } });
    apps.push(t);
    const res = await t.request('GET', '/api/1/about/');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    return res.body as Record<string, unknown>;
  };

  it('reports auth_backend, allowed_clients and raw_config_urls verbatim', async () => {
    const body = await about({ auth_backend: 'header', allowed_clients: ALLOWED_CLIENTS, raw_config_urls: RAW_CONFIG_URLS });
    expect(body).toEqual({
      version: expect.any(String) as string,
      auth_backend: 'header',
      allowed_clients: ALLOWED_CLIENTS,
      raw_config_urls: RAW_CONFIG_URLS,
      sigkeys: ['deadbeef'],
      disk_used_bytes: expect.any(Object) as object,
    });
  });

  it('reports the defaults of noauth', async () => {
    expect(await about({ auth_backend: 'noauth' })).toMatchObject({
      auth_backend: 'noauth',
      allowed_clients: { users: {}, groups: {} },
      raw_config_urls: {},
    });
  });

  it('hides allowed_clients and raw_config_urls with about_hide_permissions', async () => {
    const body = await about({
      auth_backend: 'header',
      allowed_clients: ALLOWED_CLIENTS,
      raw_config_urls: RAW_CONFIG_URLS,
      about_hide_permissions: true,
    });
    expect(body).toEqual({
      version: expect.any(String) as string,
      auth_backend: 'header',
      sigkeys: ['deadbeef'],
      disk_used_bytes: expect.any(Object) as object,
    });
  });
});
