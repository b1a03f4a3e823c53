import { join } from 'node:path';
import { VARIANT_UID } from '../config/variants-xml.js';

/**
 * Where things live in and under a compose dir (§9.7). Path helpers take `target_dir`;
 * URL helpers take `target_dir_url` (a trailing slash is ignored).
 */

/** `odcs-<id>`: compose dir name, Pungi release name and .repo section name. */
export function composeDirName(composeId: number): string {
  return `odcs-${composeId}`;
}

/** `<target_dir>/odcs-<id>` (toplevel_dir). */
export function composeDir(targetDir: string, composeId: number): string {
  return join(targetDir, composeDirName(composeId));
}

/** `<target_dir_url>/odcs-<id>` (toplevel_url). */
export function composeUrl(targetDirUrl: string, composeId: number): string {
  return `${trimSlash(targetDirUrl)}/${composeDirName(composeId)}`;
}

/** Path parts of the result repository below the compose dir: `compose/Temporary`. */
export const RESULT_REPO_PARTS: readonly string[] = ['compose', VARIANT_UID];

/** `<compose dir>/compose/Temporary`. */
export function resultRepoDir(targetDir: string, composeId: number): string {
  return join(composeDir(targetDir, composeId), ...RESULT_REPO_PARTS);
}

/** `<toplevel_url>/compose/Temporary` (result_repo); packages are at `$basearch/os` below it. */
export function resultRepoUrl(targetDirUrl: string, composeId: number): string {
  return [composeUrl(targetDirUrl, composeId), ...RESULT_REPO_PARTS].join('/');
}

/** `<compose dir>/compose/Temporary/<arch>/os`: the yum repository of one arch. */
export function resultRepoArchDir(targetDir: string, composeId: number, arch: string): string {
  return join(resultRepoDir(targetDir, composeId), arch, 'os');
}

/** `odcs-<id>.repo`. */
export function repoFileName(composeId: number): string {
  return `${composeDirName(composeId)}.repo`;
}

/** `<compose dir>/compose/Temporary/odcs-<id>.repo`. */
export function repoFilePath(targetDir: string, composeId: number): string {
  return join(resultRepoDir(targetDir, composeId), repoFileName(composeId));
}

/** `<result_repo>/odcs-<id>.repo` (result_repofile). */
export function repoFileUrl(targetDirUrl: string, composeId: number): string {
  return `${resultRepoUrl(targetDirUrl, composeId)}/${repoFileName(composeId)}`;
}

/** Files Pungi (and the runner) write inside a compose dir. */
export const composeFiles = {
  stdoutLog: (dir: string): string => join(dir, 'pungi-stdout.log'),
  stderrLog: (dir: string): string => join(dir, 'pungi-stderr.log'),
  globalLog: (dir: string): string => join(dir, 'logs', 'global', 'pungi.global.log'),
  configDump: (dir: string): string => join(dir, 'logs', 'global', 'config-dump.global.log'),
  composeInfoBase: (dir: string): string => join(dir, 'work', 'global', 'composeinfo-base.json'),
  composeInfo: (dir: string): string => join(dir, 'compose', 'metadata', 'composeinfo.json'),
  rpms: (dir: string): string => join(dir, 'compose', 'metadata', 'rpms.json'),
  status: (dir: string): string => join(dir, 'STATUS'),
} as const;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
