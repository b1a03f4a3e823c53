import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CoreHealthIndicators } from './core-health.indicators.js';

/** Terminus with odcs's shared readiness checks; apps add their own controller (and checks). */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  providers: [CoreHealthIndicators],
  exports: [TerminusModule, CoreHealthIndicators],
})
export class HealthModule {}
