import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackendModule } from '@odcs/backend';
import { ComposeModule, type DatabaseSettings } from '@odcs/compose';
import { type OdcsConfig, OdcsConfigModule } from '@odcs/config';
import { FrontendModule } from '@odcs/frontend';

/** Frontend and backend in one process (the embedded default, and the e2e tests). */
@Module({})
export class StandaloneModule {
  static forRoot(config: OdcsConfig, db: DatabaseSettings): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [OdcsConfigModule.forRoot(config), CqrsModule.forRoot(), ComposeModule.forRoot(db), FrontendModule, BackendModule],
    };
  }
}
