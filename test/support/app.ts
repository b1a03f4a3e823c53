import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OdcsConfig, loadConfig } from '@odcs/config';
import { createHttpApp, FrontendAppModule } from '@odcs/frontend';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from './database.js';
import { OpenApiChecker } from './openapi.js';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  config: OdcsConfig;
  db: TestDatabase;
  targetDir: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  /**
   * For responses of this app got without request() (a cookie jar's fetch, ...): under
   * ODCS_OPENAPI_CHECK=1 checks them as request() does; otherwise does nothing.
   */
  checkResponse(method: string, url: string, res: Response): Promise<void>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any; // JSON under test
  text: string;
}

export interface StartOptions {
  config?: Partial<OdcsConfig>;
  /** Root module factory; the frontend alone by default. */
  module?: (config: OdcsConfig, db: { url: string; embedded: boolean; migrate: boolean }) => DynamicModule;
  db?: TestDatabase;
  /** target_dir_url points at this app itself, so the URLs in compose JSON and .repo files work. */
  servedUrls?: boolean;
}

/** The JSON of a response body, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

/** Boots the app on a fresh real PostgreSQL database and a random loopback port. */
export async function startTestApp(opts: StartOptions = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  const targetDir = mkdtempSync(join(tmpdir(), 'odcs-target-'));
  const port = opts.servedUrls ? await freePort() : 0;
  const config = loadConfig(
    {},
    {
      port,
      target_dir: targetDir,
      data_dir: targetDir,
      target_dir_url: opts.servedUrls ? `http://127.0.0.1:${port}/composes` : 'http://odcs.test/composes',
      database_url: db.url,
      log_level: 'warning', // no line per HTTP request in test output
      ...opts.config,
    },
  );
  const settings = { url: db.url, embedded: false, migrate: true };
  const root = opts.module ? opts.module(config, settings) : FrontendAppModule.forRoot(config, settings);
  const app = await createHttpApp(root, config, { logger: ['error', 'warn'] });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const testApp: TestApp = {
    app,
    baseUrl,
    config,
    db,
    targetDir,
    request: async (method, path, body, headers = {}) => {
      const res = await fetch(baseUrl + path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        redirect: 'manual',
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: parseJson(text), text };
    },
    checkResponse: () => Promise.resolve(),
    close: async () => {
      await app.close();
      if (!opts.db) await db.drop();
      rmSync(targetDir, { recursive: true, force: true });
    },
  };
  // ODCS_OPENAPI_CHECK=1: every response of the e2e suite is checked against /api/1/openapi.json.
  if (process.env['ODCS_OPENAPI_CHECK']) {
    const checker = await OpenApiChecker.of(testApp);
    const plain = testApp.request.bind(testApp);
    testApp.request = async (method, path, body, headers) => {
      const res = await plain(method, path, body, headers);
      checker.checkDocumented(method, path, res);
      return res;
    };
    testApp.checkResponse = async (method, url, res) => {
      const target = new URL(url);
      if (target.origin !== new URL(testApp.baseUrl).origin) return;
      const text = await res.clone().text();
      checker.checkDocumented(method, `${target.pathname}${target.search}`, {
        status: res.status,
        headers: res.headers,
        body: parseJson(text),
        text,
      });
    };
  }
  return testApp;
}
