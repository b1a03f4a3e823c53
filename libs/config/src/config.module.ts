import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { OdcsConfig } from './odcs-config.js';

export const ODCS_CONFIG = Symbol('ODCS_CONFIG');

/** Provides the validated configuration to every module as ODCS_CONFIG. */
@Global()
@Module({})
export class OdcsConfigModule {
  static forRoot(config: OdcsConfig): DynamicModule {
    return { module: OdcsConfigModule, providers: [{ provide: ODCS_CONFIG, useValue: config }], exports: [ODCS_CONFIG] };
  }
}
