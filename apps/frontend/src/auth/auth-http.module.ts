import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthLoginController } from './auth-login.controller.js';
import { LoginEnabledGuard, OidcLoginGuard } from './oidc-login.guards.js';
import { OidcLoginRegistry } from './oidc-login.registry.js';

/**
 * HTTP side of authentication: the browser login routes under /auth (see AuthLoginController).
 * They answer 404 unless auth_backend is openidc* and auth_openidc_callback_url is set; nothing
 * else happens then. Needs AuthModule (global) and ODCS_CONFIG; no session middleware (the login
 * state and the session live in encrypted cookies).
 */
@Module({
  imports: [PassportModule.register({ session: false })],
  controllers: [AuthLoginController],
  providers: [OidcLoginRegistry, LoginEnabledGuard, OidcLoginGuard],
})
export class AuthHttpModule {}
