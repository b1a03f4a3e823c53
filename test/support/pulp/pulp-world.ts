/**
 * odcs (frontend + backend, target dir served over HTTP) next to a test Pulp server holding the
 * pulp fixture, with what a user does with a pulp compose: request it, fetch its .repo file, put
 * it in a repos dir for dnf.
 *
 *   const w = await startPulpWorld({ pulp_api_version: '3' });
 *   const done = await w.compose('merge-me', ['use_only_compatible_arch']);
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OdcsConfig } from '@odcs/config';
import { expect } from 'vitest';
import type { TestApp } from '../app.js';
import { startService, waitForState } from '../service.js';
import { addPulpFixture } from './pulp-fixture.js';
import { startPulpServer, type PulpServer } from './pulp-server.js';

export const PULP_USER = 'odcs';
export const PULP_PASSWORD = 's3cret';

export interface PulpWorld {
  pulp: PulpServer;
  t: TestApp;
  /** POSTs a pulp compose and waits until it is done or failed; returns its JSON. */
  compose(source: string, flags?: string[]): Promise<Record<string, any>>;
  /** The text of the compose's result_repofile, fetched over HTTP. */
  repoFile(compose: Record<string, any>): Promise<string>;
  /** A repos dir holding the compose's .repo file, for dnf --setopt=reposdir. */
  reposDir(compose: Record<string, any>): Promise<string>;
  close(): Promise<void>;
}

/** One section of a pulp .repo file as CONTRACT §8.7 writes it (a `/` of a base path becomes `_` in the id). */
export function repoBlock(name: string, url: string, extra = ''): string {
  return `\n[${name.replaceAll('/', '_')}]\nname=${name}\nbaseurl=${url}\nenabled=1\ngpgcheck=0\n${extra}`;
}

export async function startPulpWorld(config: Partial<OdcsConfig> = {}): Promise<PulpWorld> {
  const pulp = await startPulpServer({ username: PULP_USER, password: PULP_PASSWORD });
  await addPulpFixture(pulp);
  const t = await startService({
    servedUrls: true,
    config: { pulp_server_url: pulp.url, pulp_username: PULP_USER, pulp_password: PULP_PASSWORD, net_timeout: 2, ...config },
  });
  const dirs: string[] = [];
  const repoFile = async (compose: Record<string, any>) => {
    const r = await fetch(compose['result_repofile']);
    expect(r.status).toBe(200);
    return r.text();
  };
  return {
    pulp,
    t,
    compose: async (source, flags = []) => {
      const res = await t.request('POST', '/api/1/composes/', { source: { type: 'pulp', source }, flags });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return waitForState(t, res.body.id, ['done', 'failed'], 60_000);
    },
    repoFile,
    reposDir: async (compose) => {
      const dir = mkdtempSync(join(tmpdir(), 'odcs-reposd-'));
      dirs.push(dir);
      writeFileSync(join(dir, `odcs-${compose['id']}.repo`), await repoFile(compose));
      return dir;
    },
    close: async () => {
      await t.close();
      await pulp.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
