import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGIN_SESSION, OIDC_PROVIDER, SealedCookieCodec, type LoginSession, type OidcProviderClient } from '@odcs/auth';
import { browserLoginEnabled, ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import type { StrategyOptions } from 'passport-openidconnect';
import { OidcLoginStrategy } from './oidc-login.strategy.js';
import { SealedCookieStateStore } from './sealed-cookie-state.store.js';

/**
 * Registers the "oidc" passport strategy on first use: it needs the provider's discovery
 * document, and the frontend must start (and serve reads) even while the provider is down.
 */
@Injectable()
export class OidcLoginRegistry {
  private registered?: Promise<void>;
  /** Registered with passport (globally, under "oidc") by its constructor. */
  private strategy?: OidcLoginStrategy;

  constructor(
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    @Inject(OIDC_PROVIDER) private readonly provider: OidcProviderClient | null,
    @Inject(LOGIN_SESSION) readonly session: LoginSession | null,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get enabled(): boolean {
    return browserLoginEnabled(this.config) && this.provider !== null && this.session !== null;
  }

  get callbackUrl(): string {
    return this.config.auth_openidc_callback_url;
  }

  /** Where to send the browser after logging out. */
  get afterLogout(): string {
    return '/';
  }

  ensureStrategy(): Promise<void> {
    this.registered ??= this.register().catch((e: unknown) => {
      this.registered = undefined;
      throw e;
    });
    return this.registered;
  }

  private async register(): Promise<void> {
    const provider = this.provider;
    if (!provider) throw new Error('The browser login needs an openidc auth_backend');
    const c = this.config;
    const d = await provider.discovery();
    const scopes = c.auth_openidc_login_scopes.filter((s) => s !== 'openid');
    const options = {
      issuer: d.issuer,
      authorizationURL: d.authorization_endpoint,
      tokenURL: d.token_endpoint,
      userInfoURL: c.auth_openidc_userinfo_uri || d.userinfo_endpoint || '',
      clientID: c.auth_openidc_client_id,
      clientSecret: c.auth_openidc_client_secret,
      callbackURL: c.auth_openidc_callback_url,
      scope: scopes,
      nonce: 'true',
      skipUserProfile: !(c.auth_openidc_userinfo_uri || d.userinfo_endpoint),
      // passport-openidconnect types the store's request as Express's; it passes on the request
      // OidcLoginGuard gave passport, which is Fastify's.
      store: new SealedCookieStateStore(
        new SealedCookieCodec(c.auth_session_secret),
        this.callbackUrl.startsWith('https:'),
        this.adapterHost.httpAdapter,
      ) as unknown as StrategyOptions['store'],
    };
    this.strategy = new OidcLoginStrategy(options, provider, {
      clientId: c.auth_openidc_client_id,
      usernameClaim: c.auth_openidc_username_claim,
      groupsClaim: c.auth_openidc_groups_claim,
      requiredScopes: c.auth_openidc_required_scopes,
      requestedScopes: ['openid', ...scopes],
    });
  }
}
