import { describe, expect, it } from 'vitest';
import {
  composeDir,
  composeDirName,
  composeFiles,
  composeUrl,
  repoFilePath,
  repoFileUrl,
  resultRepoArchDir,
  resultRepoDir,
  resultRepoUrl,
} from './compose-layout.js';

describe('compose layout', () => {
  it('names the compose dir odcs-<id>', () => {
    expect(composeDirName(42)).toBe('odcs-42');
    expect(composeDir('/srv/odcs', 42)).toBe('/srv/odcs/odcs-42');
    expect(composeUrl('https://odcs.example.com/composes/', 42)).toBe('https://odcs.example.com/composes/odcs-42');
  });

  it('puts the result repository under compose/Temporary', () => {
    expect(resultRepoDir('/srv/odcs', 42)).toBe('/srv/odcs/odcs-42/compose/Temporary');
    expect(resultRepoArchDir('/srv/odcs', 42, 'x86_64')).toBe('/srv/odcs/odcs-42/compose/Temporary/x86_64/os');
    expect(resultRepoUrl('https://odcs.example.com/composes', 42)).toBe('https://odcs.example.com/composes/odcs-42/compose/Temporary');
  });

  it('puts the .repo file beside the arch dirs', () => {
    expect(repoFilePath('/srv/odcs', 42)).toBe('/srv/odcs/odcs-42/compose/Temporary/odcs-42.repo');
    expect(repoFileUrl('https://odcs.example.com/composes', 42)).toBe(
      'https://odcs.example.com/composes/odcs-42/compose/Temporary/odcs-42.repo',
    );
  });

  it('knows where Pungi writes its files', () => {
    const dir = '/srv/odcs/odcs-42';
    expect(composeFiles.stdoutLog(dir)).toBe(`${dir}/pungi-stdout.log`);
    expect(composeFiles.stderrLog(dir)).toBe(`${dir}/pungi-stderr.log`);
    expect(composeFiles.globalLog(dir)).toBe(`${dir}/logs/global/pungi.global.log`);
    expect(composeFiles.configDump(dir)).toBe(`${dir}/logs/global/config-dump.global.log`);
    expect(composeFiles.composeInfoBase(dir)).toBe(`${dir}/work/global/composeinfo-base.json`);
    expect(composeFiles.composeInfo(dir)).toBe(`${dir}/compose/metadata/composeinfo.json`);
    expect(composeFiles.rpms(dir)).toBe(`${dir}/compose/metadata/rpms.json`);
  });
});
