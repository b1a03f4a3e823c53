import { readFileSync } from 'node:fs';

const pkgUrl = new URL('../../../package.json', import.meta.url);

/** The odcs version, from the root package.json. */
export const ODCS_VERSION: string = (JSON.parse(readFileSync(pkgUrl, 'utf8')) as { version: string }).version;
