import { composeDirName } from './compose-layout.js';

/**
 * The `.repo` file written for a generated (non-raw) Pungi compose (§9.7).
 * `resultRepoUrl` is the compose's result_repo URL (`<toplevel_url>/compose/Temporary`).
 */
export function renderRepoFile(composeId: number, resultRepoUrl: string): string {
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(resultRepoUrl)) {
    throw new Error(`Cannot write a .repo file for a result repository URL with control characters: ${JSON.stringify(resultRepoUrl)}`);
  }
  const name = composeDirName(composeId);
  return [
    `[${name}]`,
    `name=ODCS repository for compose ${name}`,
    `baseurl=${resultRepoUrl}/$basearch/os`,
    'type=rpm-md',
    'skip_if_unavailable=False',
    'gpgcheck=0',
    'repo_gpgcheck=0',
    'enabled=1',
    'enabled_metadata=1',
    '',
  ].join('\n');
}
