import type { Provider } from '@nestjs/common';
import { browserLoginEnabled, ODCS_CONFIG, usesOpenIdc, type OdcsConfig } from '@odcs/config';
import { GROUP_DIRECTORY, NoGroupDirectory, type GroupDirectory } from './groups/group-directory.port.js';
import { LdapGroupDirectory } from './groups/ldap-group-directory.js';
import { OidcProviderClient } from './oidc/oidc-provider.client.js';
import { OidcTokenVerifier } from './oidc/oidc-token-verifier.js';
import { TrustedProxies } from './proxy/trusted-proxies.js';
import { LoginSession } from './session/login-session.js';
import { SealedCookieCodec } from './session/sealed-cookie.codec.js';
import { HeaderIdentityStrategy } from './strategies/header-identity.strategy.js';
import {
  FirstMatchIdentityStrategy,
  IDENTITY_STRATEGY,
  NoAuthIdentityStrategy,
  type IdentityStrategy,
} from './strategies/identity-strategy.js';
import { KerberosIdentityStrategy } from './strategies/kerberos-identity.strategy.js';
import { OpenIdcIdentityStrategy } from './strategies/openidc-identity.strategy.js';
import { SessionIdentityStrategy } from './strategies/session-identity.strategy.js';
import { SslIdentityStrategy } from './strategies/ssl-identity.strategy.js';

/** The OpenID provider client; null unless an openidc backend is configured. */
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');
/** The browser login session; null unless the browser login is enabled. */
export const LOGIN_SESSION = Symbol('LOGIN_SESSION');

export const AUTH_PROVIDERS: Provider[] = [
  {
    provide: GROUP_DIRECTORY,
    inject: [ODCS_CONFIG],
    useFactory: (c: OdcsConfig): GroupDirectory =>
      c.auth_ldap_server === ''
        ? new NoGroupDirectory()
        : new LdapGroupDirectory({ url: c.auth_ldap_server, groupBase: c.auth_ldap_group_base, timeoutMs: c.auth_ldap_timeout * 1000 }),
  },
  {
    provide: OIDC_PROVIDER,
    inject: [ODCS_CONFIG],
    useFactory: (c: OdcsConfig): OidcProviderClient | null =>
      usesOpenIdc(c)
        ? new OidcProviderClient({
            issuer: c.auth_openidc_issuer,
            clientId: c.auth_openidc_client_id,
            clientSecret: c.auth_openidc_client_secret,
            clientAuthMethod: c.auth_openidc_client_auth_method,
            introspectionUri: c.auth_openidc_introspection_uri,
            userinfoUri: c.auth_openidc_userinfo_uri,
            timeoutMs: c.net_timeout * 1000,
          })
        : null,
  },
  {
    provide: LOGIN_SESSION,
    inject: [ODCS_CONFIG],
    useFactory: (c: OdcsConfig): LoginSession | null =>
      browserLoginEnabled(c) ? new LoginSession(new SealedCookieCodec(c.auth_session_secret), c.auth_session_max_age) : null,
  },
  {
    provide: IDENTITY_STRATEGY,
    inject: [ODCS_CONFIG, GROUP_DIRECTORY, OIDC_PROVIDER, LOGIN_SESSION],
    useFactory: createIdentityStrategy,
  },
];

/** The identity strategy of the configured auth_backend (CONTRACT §7.1). */
export function createIdentityStrategy(
  c: OdcsConfig,
  groups: GroupDirectory,
  oidc: OidcProviderClient | null,
  session: LoginSession | null,
): IdentityStrategy {
  const proxies = new TrustedProxies(c.auth_trusted_proxies);
  const kerberos = (): IdentityStrategy => new KerberosIdentityStrategy(proxies, c.auth_user_header, groups);
  const ssl = (): IdentityStrategy =>
    new SslIdentityStrategy(proxies, { verifyHeader: c.auth_ssl_verify_header, dnHeader: c.auth_ssl_dn_header });
  const openidc = (): IdentityStrategy => {
    if (!oidc) throw new Error(`auth_backend ${c.auth_backend} needs the OpenID provider client`);
    const bearer = new OpenIdcIdentityStrategy(new OidcTokenVerifier(oidc, c.auth_openidc_audience), oidc, {
      usernameClaim: c.auth_openidc_username_claim,
      groupsClaim: c.auth_openidc_groups_claim,
      requiredScopes: c.auth_openidc_required_scopes,
    });
    return session ? new FirstMatchIdentityStrategy([new SessionIdentityStrategy(session), bearer]) : bearer;
  };
  switch (c.auth_backend) {
    case 'noauth':
      return new NoAuthIdentityStrategy();
    case 'header':
      return new HeaderIdentityStrategy(proxies, { userHeader: c.auth_user_header, groupsHeader: c.auth_groups_header });
    case 'kerberos':
      return kerberos();
    case 'ssl':
      return ssl();
    case 'kerberos_or_ssl':
      return new FirstMatchIdentityStrategy([kerberos(), ssl()]);
    case 'openidc':
      return openidc();
    case 'openidc_or_kerberos':
      return new FirstMatchIdentityStrategy([openidc(), kerberos()]);
  }
}
