import { EngineModule } from '@odcs/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendAppModule } from '../../../apps/backend/src/backend-app.module.js';
import { AMQP_URL, uniqueMessaging } from '../../support/amqp/topic-listener.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { sampleKojiWorld } from '../../support/koji/koji-fixtures.js';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';
import { TcpProxy } from '../../support/messaging/tcp-proxy.js';
import { FAST } from '../../support/service.js';

const names = uniqueMessaging();
const broker = new URL(AMQP_URL);
let proxy: TcpProxy;
let hub: KojiHub;
let frontend: TestApp;

function viaProxy(): string {
  const url = new URL(AMQP_URL);
  url.host = `127.0.0.1:${proxy.port}`;
  return url.toString();
}

beforeAll(async () => {
  proxy = new TcpProxy(broker.hostname, Number(broker.port || 5672));
  await proxy.start();
  hub = await startKojiHub((await sampleKojiWorld()).fixture);
  frontend = await startTestApp({
    config: { amqp_url: viaProxy(), messaging_exchange: names.exchange },
  });
});
afterAll(async () => {
  await frontend?.close();
  await proxy?.stop();
  await hub?.close();
  await names.cleanup();
});

describe('frontend health', () => {
  it('is live and ready with PostgreSQL, RabbitMQ and a writable target dir', async () => {
    expect((await frontend.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await frontend.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.info).sort()).toEqual(['postgresql', 'rabbitmq', 'target_dir']);
    expect(ready.body.info.target_dir.free_bytes[frontend.targetDir]).toBeGreaterThan(0);
  });

  it('answers 503 JSON naming RabbitMQ when the broker is unreachable, and recovers when it is back', async () => {
    await proxy.stop();
    const down = await frontend.request('GET', '/health/ready');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/json');
    expect(down.body.status).toBe('error');
    expect(Object.keys(down.body.error)).toEqual(['rabbitmq']);
    expect(down.body.error.rabbitmq).toMatchObject({ status: 'down' });
    expect(down.body.message).toMatch(/^rabbitmq: RabbitMQ is unreachable: /);
    expect(down.body.info.postgresql.status).toBe('up');
    expect((await frontend.request('GET', '/health/live')).status).toBe(200);
    await proxy.start();
    expect((await frontend.request('GET', '/health/ready')).status).toBe(200);
  });
});

describe('backend health', () => {
  let backend: TestApp;
  afterAll(async () => backend?.close());

  it('checks Koji too, and names the target dir when free space is below min_free_space', async () => {
    backend = await startTestApp({
      config: { ...FAST, koji_hub_url: hub.hubUrl, koji_top_url: hub.topUrl, min_free_space: Number.MAX_SAFE_INTEGER },
      module: (config, db) => BackendAppModule.forRoot(config, db, EngineModule.forRoot(config)),
    });
    const ready = await backend.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.error)).toEqual(['target_dir']);
    expect(JSON.stringify(ready.body.error.target_dir)).toContain('less than min_free_space');
    expect(ready.body.info.koji).toMatchObject({ status: 'up', last_event: hub.lastEvent() });
    expect((await backend.request('GET', '/health')).body).toEqual({ status: 'ok', generating: [] });
    const metrics = await fetch(`${backend.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('# TYPE odcs_generation_duration_seconds histogram');
  });

  it('answers 503 naming Koji when the hub is unreachable', async () => {
    await backend.close();
    backend = await startTestApp({
      config: { ...FAST, koji_hub_url: 'http://127.0.0.1:1/kojihub', net_timeout: 1 },
      module: (config, db) => BackendAppModule.forRoot(config, db, EngineModule.forRoot(config)),
    });
    const ready = await backend.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.error)).toEqual(['koji']);
    expect(JSON.stringify(ready.body.error.koji)).toContain('Koji hub http://127.0.0.1:1/kojihub is unreachable');
  });
});
