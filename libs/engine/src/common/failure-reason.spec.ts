import { describe, expect, it } from 'vitest';
import { formatFailureReason, MAX_REASON_LENGTH, targetDirRewrite, truncate } from './failure-reason.js';

describe('formatFailureReason', () => {
  it('prefixes the error and appends the log errors on a new line (§8.2)', () => {
    expect(formatFailureReason({ error: 'boom', logErrors: 'first\nsecond\n' })).toBe(
      'Error while generating compose: boom\nfirst\nsecond\n',
    );
    expect(formatFailureReason({ error: 'boom' })).toBe('Error while generating compose: boom');
  });

  it('rewrites target_dir to target_dir_url everywhere', () => {
    const rewrite = { targetDir: '/srv/odcs', targetDirUrl: 'https://odcs.example.com/composes' };
    expect(formatFailureReason({ error: 'see /srv/odcs/odcs-1/a.log', logErrors: 'in /srv/odcs/odcs-1/work', rewrite })).toBe(
      'Error while generating compose: see https://odcs.example.com/composes/odcs-1/a.log\nin https://odcs.example.com/composes/odcs-1/work',
    );
  });

  it('bounds the reason, shortening the error before the log errors', () => {
    const logErrors = 'E'.repeat(1500);
    const reason = formatFailureReason({ error: 'x'.repeat(5000), logErrors });
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(reason.endsWith(`\n${logErrors}`)).toBe(true);
    expect(reason).toContain('x ...\n');
    expect(formatFailureReason({ error: 'y'.repeat(9000) }).length).toBe(MAX_REASON_LENGTH);
  });

  it('keeps a 2058-character Pungi error block whole', () => {
    const logErrors = 'P'.repeat(2058);
    const reason = formatFailureReason({ error: 'Command failed', logErrors });
    expect(reason).toBe(`Error while generating compose: Command failed\n${logErrors}`);
  });
});

describe('truncate', () => {
  it('counts code points and marks the cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('äöüäöüäöü', 6)).toBe('äö ...');
  });
});

describe('targetDirRewrite', () => {
  it('derives target_dir_url from the result repo URL', () => {
    expect(targetDirRewrite('/srv/odcs/', 'odcs-5', 'https://h/c/odcs-5/compose/Temporary')).toEqual({
      targetDir: '/srv/odcs',
      targetDirUrl: 'https://h/c',
    });
  });

  it('rewrites nothing off the default target dir', () => {
    expect(targetDirRewrite('/srv/extra', 'odcs-5', null)).toBeNull();
  });
});
