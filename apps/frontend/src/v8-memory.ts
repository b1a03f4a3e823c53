import { setFlagsFromString } from 'node:v8';

/**
 * Size (MB) of each of V8's two young-generation semi-spaces in a frontend process. V8's default
 * (16 MB) is reached at start-up already and stays committed (32 MB of RSS); 8 MB halves it and the
 * old-generation trigger (frontend_heap_growth_percent) keeps what more scavenges promote small.
 * V8 fixes it when the process starts: the launchers (npm run start:frontend, the image's
 * entrypoint) put it first in NODE_OPTIONS, so that a size the operator gives there comes later and
 * wins; bench:api passes it on the command line; the cluster primary adds it for its workers.
 */
export const FRONTEND_SEMI_SPACE_MB = 8;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/**
 * From now on, a full collection starts once the old generation has grown by `percent` % over what
 * the last one left live (0: V8's own factor, up to 4×). V8 reads the flag at every collection, so
 * setting it in the running process works; it triggers collections, it never caps the heap.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}

/** Node options of a frontend worker: the primary's, with the frontend's semi-space size unless those or NODE_OPTIONS set one. */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => SEMI_SPACE_FLAG.test(a));
  return given ? [...execArgv] : [...execArgv, `--max-semi-space-size=${FRONTEND_SEMI_SPACE_MB}`];
}
