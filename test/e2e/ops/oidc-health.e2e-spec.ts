import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startOidcProvider, type OidcProviderFixture } from '../../support/auth/oidc-provider.fixture.js';

let op: OidcProviderFixture;
let opRunning = false;
const apps: TestApp[] = [];

const frontendWithSecret = async (secret: string): Promise<TestApp> => {
  const t = await startTestApp({
    config: {
      auth_backend: 'openidc',
      auth_openidc_issuer: op.issuer,
      auth_openidc_client_id: op.odcs.id,
      auth_openidc_client_secret: secret,
    },
  });
  apps.push(t);
  return t;
};

beforeAll(async () => {
  op = await startOidcProvider({ accounts: { alice: { groups: [], groupsInToken: true } } });
  opRunning = true;
});
afterAll(async () => {
  for (const t of apps) await t.close();
  if (opRunning) await op.stop();
});

describe('readiness under openidc', () => {
  it('is ready while the provider answers and the credential is valid', async () => {
    const t = await frontendWithSecret(op.odcs.secret);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.oidc).toMatchObject({ status: 'up', issuer: op.issuer });
  });

  it('names the expired client secret (a JWT credential past its exp)', async () => {
    const expired = await op.signAsProvider({ sub: op.odcs.id, exp: Math.floor(Date.now() / 1000) - 60 });
    const t = await frontendWithSecret(expired);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.error)).toEqual(['oidc']);
    expect(ready.body.message).toMatch(/^oidc: auth_openidc_client_secret expired at \d{4}-/);
  });

  it('names the provider when it is unreachable', async () => {
    const t = apps[0]!;
    await op.stop();
    opRunning = false;
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toContain(`oidc: OpenID provider ${op.issuer} is unreachable`);
  });
});
