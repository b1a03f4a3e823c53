import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KojiClient, KojiEventResolver, KojiModule } from '@odcs/koji';
import { startKojiHub, type KojiHub } from '../../support/koji/koji-hub.js';

describe('KojiModule', () => {
  let hub: KojiHub;
  beforeAll(async () => {
    hub = await startKojiHub({ tags: [{ name: 'odcs-mod' }] });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('forRoot provides a client on the given hub and one shared event resolver', async () => {
    const app = await Test.createTestingModule({ imports: [KojiModule.forRoot({ hubUrl: hub.hubUrl, topUrl: hub.topUrl })] }).compile();
    const koji = app.get(KojiClient);
    expect(koji.options).toMatchObject({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 3 });
    const resolver = app.get(KojiEventResolver);
    expect(await resolver.resolveTagEvent('odcs-mod')).toBe(hub.lastEvent());
    expect(app.get(KojiEventResolver)).toBe(resolver);
    await app.close();
  });

  it('forRootAsync takes its options from a factory', async () => {
    const app = await Test.createTestingModule({
      imports: [KojiModule.forRootAsync({ useFactory: async () => ({ hubUrl: hub.hubUrl, topUrl: hub.topUrl, retries: 0 }) })],
    }).compile();
    expect(app.get(KojiClient).options.retries).toBe(0);
    expect((await app.get(KojiClient).getTag('odcs-mod'))?.name).toBe('odcs-mod');
    await app.close();
  });
});
