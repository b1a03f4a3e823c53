import { Module } from '@nestjs/common';
import { ComposeInfoStore } from './compose-info/compose-info.store.js';
import { PungiLogParser } from './logs/pungi-log.parser.js';
import { ChildProcessPungiRunner } from './runner/child-process.pungi-runner.js';
import { PUNGI_RUNNER } from './runner/pungi-runner.port.js';

/**
 * Pungi capability: `PUNGI_RUNNER` (a ChildProcessPungiRunner), the compose info store and the
 * log parser. Provide `PUNGI_RUNNER_OPTIONS` in the importing module to change the kill grace
 * period or the temp dir; override `PUNGI_RUNNER` to substitute a fake runner in tests.
 */
@Module({
  providers: [PungiLogParser, ComposeInfoStore, ChildProcessPungiRunner, { provide: PUNGI_RUNNER, useExisting: ChildProcessPungiRunner }],
  exports: [PUNGI_RUNNER, PungiLogParser, ComposeInfoStore],
})
export class PungiModule {}
