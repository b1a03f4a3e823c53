import { Module } from '@nestjs/common';
import { AuthModule } from '@odcs/auth';
import { HealthModule, MetricsModule } from '@odcs/observability';
import { FreeSpaceController } from './admin/free-space.controller.js';
import { FrontendHealthController } from './health/health.controller.js';
import { ComposeGauges } from './metrics/compose-gauges.js';
import { AboutController } from './about/about.controller.js';
import { AuthHttpModule } from './auth/auth-http.module.js';
import { ComposesController } from './composes/composes.controller.js';
import { EventsController } from './events/events.controller.js';
import { HomeController } from './home/home.controller.js';
import { MethodNotAllowedController } from './http/method-not-allowed.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { WhoAmIController } from './whoami/whoami.controller.js';

/**
 * The public HTTP API. Needs OdcsConfigModule, CqrsModule.forRoot() and ComposeModule at the root
 * (see apps/frontend/src/main.ts and apps/standalone).
 */
@Module({
  imports: [AuthModule, AuthHttpModule, MetricsModule, HealthModule],
  providers: [ComposeGauges],
  // MethodNotAllowedController: the 405s of the methods the other controllers do not serve.
  controllers: [
    ComposesController,
    AboutController,
    WhoAmIController,
    MetricsController,
    EventsController,
    FrontendHealthController,
    FreeSpaceController,
    HomeController,
    MethodNotAllowedController,
  ],
})
export class FrontendModule {}
