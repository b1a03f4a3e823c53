import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { ComposeInfoStore } from './compose-info/compose-info.store.js';
import { PungiLogParser } from './logs/pungi-log.parser.js';
import { PungiModule } from './pungi.module.js';
import { ChildProcessPungiRunner } from './runner/child-process.pungi-runner.js';
import { PUNGI_RUNNER, type PungiRunner } from './runner/pungi-runner.port.js';

describe('PungiModule', () => {
  it('provides PUNGI_RUNNER as a ChildProcessPungiRunner, plus the store and the log parser', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PungiModule] }).compile();
    expect(moduleRef.get<PungiRunner>(PUNGI_RUNNER)).toBeInstanceOf(ChildProcessPungiRunner);
    expect(moduleRef.get(ComposeInfoStore)).toBeInstanceOf(ComposeInfoStore);
    expect(moduleRef.get(PungiLogParser)).toBeInstanceOf(PungiLogParser);
    await moduleRef.close();
  });
});
