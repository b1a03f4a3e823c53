import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KojiBadResponseError, KojiClient, KojiFaultError, KojiUnreachableError } from '@odcs/koji';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

/** A port nothing listens on: bound once on 127.0.0.1, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Koji XML-RPC transport: faults, retries, timeouts', () => {
  let hub: KojiHub;
  beforeEach(async () => {
    hub = await startKojiHub({ tags: [{ name: 'odcs-t' }] });
  });
  afterEach(async () => {
    await hub.close();
  });

  const client = (overrides: Partial<ConstructorParameters<typeof KojiClient>[0]> = {}) =>
    new KojiClient({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 2, retryDelayMs: 1, timeoutMs: 5000, ...overrides });

  it('turns a Koji fault into KojiFaultError with faultString, without retrying', async () => {
    const error = await client()
      .call('getTag', ['nope'], { strict: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KojiFaultError);
    expect(error).toMatchObject({ faultCode: 1000, faultString: "No such tagInfo: 'nope'", method: 'getTag', isGenericError: true });
    expect((error as Error).message).toBe("Koji getTag failed: No such tagInfo: 'nope'");
    expect(hub.rpcRequests).toBe(1);
  });

  it('sends null arguments as <nil/> and decodes <nil/> answers', async () => {
    expect(await client().call('getTag', ['nope', null, null])).toBeNull();
  });

  it('retries after a connection reset and then succeeds', async () => {
    hub.failNextRequests(2, 'reset');
    expect((await client().getLastEvent()).id).toBe(hub.lastEvent());
    expect(hub.rpcRequests).toBe(3);
  });

  it('retries on HTTP 503 from the hub', async () => {
    hub.failNextRequests(1, 'http-503');
    expect(await client().getTag('odcs-t')).toMatchObject({ name: 'odcs-t' });
    expect(hub.rpcRequests).toBe(2);
  });

  it('retries after a request timeout', async () => {
    hub.failNextRequests(1, 'hang');
    expect((await client({ timeoutMs: 1000 }).getLastEvent()).id).toBe(hub.lastEvent());
    expect(hub.rpcRequests).toBe(2);
  });

  it('gives up after the configured retries with a reason naming the hub and the cause', async () => {
    hub.failNextRequests(3, 'hang');
    const error = await client({ timeoutMs: 200, retries: 2 })
      .getLastEvent()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KojiUnreachableError);
    expect((error as Error).message).toBe(`Cannot reach Koji at ${hub.hubUrl}: no answer within 200 ms (getLastEvent, 3 attempts)`);
    expect(hub.rpcRequests).toBe(3);
  });

  it('reports an unreachable hub with the connection error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/kojihub`;
    const koji = new KojiClient({ hubUrl: url, topUrl: hub.topUrl, retries: 1, retryDelayMs: 1 });
    const error = await koji.getLastEvent().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KojiUnreachableError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Cannot reach Koji at ${url}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+ \\(getLastEvent, 2 attempts\\)$`),
    );
  });

  it('does not retry an answer that is not XML-RPC (wrong endpoint)', async () => {
    const koji = new KojiClient({ hubUrl: `${hub.topUrl}/not-the-hub`, topUrl: hub.topUrl, retries: 3, retryDelayMs: 1 });
    const error = await koji.getLastEvent().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KojiBadResponseError);
    expect((error as Error).message).toBe(`Koji at ${hub.topUrl}/not-the-hub gave an unusable answer to getLastEvent: HTTP 404 Not Found`);
  });

  it('multiCall members fault independently while the request succeeds', async () => {
    const [ok, fault] = await client().multicall([{ method: 'getLastEvent' }, { method: 'noSuchMethod' }]);
    expect(ok).toMatchObject({ ok: true });
    expect(fault).toMatchObject({ ok: false, fault: { faultString: 'Invalid method: noSuchMethod', method: 'noSuchMethod' } });
    expect(hub.calls.filter((c) => c.inMulticall).map((c) => c.method)).toEqual(['getLastEvent', 'noSuchMethod']);
  });
});
