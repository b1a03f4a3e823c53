import { Global, Module } from '@nestjs/common';
import { AUTH_PROVIDERS, LOGIN_SESSION, OIDC_PROVIDER } from './auth.providers.js';
import { AuthService } from './auth.service.js';

/** AuthService for the whole app; needs ODCS_CONFIG (OdcsConfigModule.forRoot). */
@Global()
@Module({ providers: [...AUTH_PROVIDERS, AuthService], exports: [AuthService, OIDC_PROVIDER, LOGIN_SESSION] })
export class AuthModule {}
