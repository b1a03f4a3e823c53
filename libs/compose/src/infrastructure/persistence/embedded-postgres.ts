import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts PostgreSQL compiled to WebAssembly (PGlite) in this process, behind a loopback socket so
 * that TypeORM's ordinary `pg` driver talks to it. Data lives in `dataDir` (or memory) and survives restarts.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir === 'memory' ? undefined : { dataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const port = server.getServerConn().split(':').pop();
  new Logger('EmbeddedPostgres').log(`embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
