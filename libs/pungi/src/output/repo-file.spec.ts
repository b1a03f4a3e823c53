import { describe, expect, it } from 'vitest';
import { renderRepoFile } from './repo-file.js';

describe('renderRepoFile', () => {
  it('writes the ODCS .repo file for the result repository', () => {
    expect(renderRepoFile(42, 'https://odcs.example.com/composes/odcs-42/compose/Temporary')).toBe(
      '[odcs-42]\n' +
        'name=ODCS repository for compose odcs-42\n' +
        'baseurl=https://odcs.example.com/composes/odcs-42/compose/Temporary/$basearch/os\n' +
        'type=rpm-md\n' +
        'skip_if_unavailable=False\n' +
        'gpgcheck=0\n' +
        'repo_gpgcheck=0\n' +
        'enabled=1\n' +
        'enabled_metadata=1\n',
    );
  });

  it('refuses a URL that would add lines to the file', () => {
    expect(() => renderRepoFile(1, 'https://x/\ngpgcheck=1')).toThrow(/control characters/);
  });
});
