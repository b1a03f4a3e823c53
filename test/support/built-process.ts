import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** A Koji hub nobody answers on, and short network timeouts: for processes whose test needs no Koji. */
export const UNREACHABLE_KOJI_ENV = {
  ODCS_KOJI_HUB_URL: 'http://127.0.0.1:1/kojihub',
  ODCS_NET_TIMEOUT: '1',
  ODCS_NET_RETRY_INTERVAL: '0',
} as const;

/** The embedded default as `npm start` runs it (PGlite in `dataDir`, in-process bus), on the Koji hub `koji`. */
export const embeddedDefaultEnv = (dataDir: string, koji: { hubUrl: string; topUrl: string }): Record<string, string> => ({
  ODCS_DATA_DIR: dataDir,
  ODCS_DATABASE_URL: '',
  ODCS_AMQP_URL: '',
  ODCS_KOJI_HUB_URL: koji.hubUrl,
  ODCS_KOJI_TOP_URL: koji.topUrl,
});

export interface BuiltProcessOptions {
  /** ODCS_* settings on top of this process's environment (ODCS_PORT and ODCS_HOST are set here). */
  env: Record<string, string>;
  /** Where stderr goes: into output() with stdout (the default) or straight to the test runner's stderr. */
  stderr?: 'collect' | 'inherit';
}

/**
 * A built entry point (`npm run build` output, as `npm start` runs it) in a child process on an
 * ephemeral loopback port, with its stdout kept line by line.
 */
export class BuiltProcess {
  /** stdout, a line each. */
  readonly lines: string[] = [];
  private text = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(entry: string, options: BuiltProcessOptions): Promise<BuiltProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, ...options.env, ODCS_PORT: String(port), ODCS_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
    });
    const started = new BuiltProcess(child, port);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      started.lines.push(l);
      started.text += `${l}\n`;
    });
    child.stderr?.on('data', (d: Buffer) => (started.text += d.toString()));
    return started;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** All it has written so far (stdout, and stderr when collected). */
  output(): string {
    return this.text;
  }

  /** stdout as JSON log records (log_format json). */
  records(): Record<string, any>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, any>);
  }

  /** Waits until `find` finds a log line; fails naming `what` and showing the log. */
  async untilLine<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no log line ${what} in:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until `probe` says the process answers (default: GET `path` is 2xx); fails if it exits first. */
  async untilAnswers(path: string, timeoutMs?: number): Promise<void>;
  async untilAnswers(probe: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  async untilAnswers(what: string | (() => Promise<boolean>), timeoutMs = 60_000): Promise<void> {
    const probe =
      typeof what === 'string'
        ? () =>
            fetch(`${this.base}${what}`).then(
              (r) => r.ok,
              () => false,
            )
        : () => what().catch(() => false);
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`service exited ${this.child.exitCode}: ${this.text}`);
      if (await probe()) return;
      if (Date.now() > end) throw new Error(`service did not start: ${this.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM and its exit code (null when it had already gone). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return null;
    const exited = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}

export interface LoggingStandalone {
  server: BuiltProcess;
  db: TestDatabase;
  /** Stops the server, drops the database, removes the target dir. */
  close(): Promise<void>;
}

/**
 * The built standalone server on a test database of its own and a fresh target dir, no broker, no
 * Koji, logging at info (plus `env`), once its log announces the API; stderr goes to the runner's.
 */
export async function startLoggingStandalone(env: Record<string, string>): Promise<LoggingStandalone> {
  const db = await createTestDatabase();
  const targetDir = mkdtempSync(join(tmpdir(), 'odcs-logging-'));
  const server = await BuiltProcess.start('apps/standalone/dist/main.js', {
    env: {
      ...UNREACHABLE_KOJI_ENV,
      ODCS_DATABASE_URL: db.url,
      ODCS_TARGET_DIR: targetDir,
      ODCS_AMQP_URL: '',
      ODCS_LOG_LEVEL: 'info',
      ...env,
    },
    stderr: 'inherit',
  });
  const close = async () => {
    await server.stop();
    await db.drop();
    rmSync(targetDir, { recursive: true, force: true });
  };
  try {
    await server.untilLine(() => server.records().find((r) => String(r['msg']).startsWith('ODCS API on')), 'announcing the API');
  } catch (e) {
    await close();
    throw e;
  }
  return { server, db, close };
}
