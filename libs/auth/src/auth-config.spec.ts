import { describe, expect, it } from 'vitest';
import { browserLoginEnabled, loadConfig } from '@odcs/config';

/** The auth options' start-up checks (they live in @odcs/config; the rules belong to auth). */
describe('auth configuration', () => {
  it('refuses kerberos backends without an LDAP server and group base (upstream rule)', () => {
    for (const backend of ['kerberos', 'kerberos_or_ssl', 'openidc_or_kerberos']) {
      expect(() => loadConfig({ ODCS_AUTH_BACKEND: backend })).toThrow('needs auth_ldap_server and auth_ldap_group_base');
    }
  });

  it('refuses openidc without an issuer, and without a way to check tokens', () => {
    expect(() => loadConfig({ ODCS_AUTH_BACKEND: 'openidc' })).toThrow('openidc needs auth_openidc_issuer');
    expect(() => loadConfig({ ODCS_AUTH_BACKEND: 'openidc', ODCS_AUTH_OPENIDC_ISSUER: 'https://id.example.com' })).toThrow(
      'needs auth_openidc_audience (to verify JWT access tokens) or auth_openidc_client_id and auth_openidc_client_secret',
    );
    const ok = loadConfig({
      ODCS_AUTH_BACKEND: 'openidc',
      ODCS_AUTH_OPENIDC_ISSUER: 'https://id.example.com',
      ODCS_AUTH_OPENIDC_AUDIENCE: 'odcs',
    });
    expect(ok.auth_openidc_audience).toEqual(['odcs']);
    expect(browserLoginEnabled(ok)).toBe(false);
  });

  it('enables the browser login with a callback URL, and then needs client credentials and a long secret', () => {
    const base = {
      ODCS_AUTH_BACKEND: 'openidc',
      ODCS_AUTH_OPENIDC_ISSUER: 'https://id.example.com',
      ODCS_AUTH_OPENIDC_AUDIENCE: 'odcs',
      ODCS_AUTH_OPENIDC_CALLBACK_URL: 'https://odcs.example.com/auth/callback',
    };
    expect(() => loadConfig(base)).toThrow('needs auth_openidc_client_id and auth_openidc_client_secret');
    const creds = { ...base, ODCS_AUTH_OPENIDC_CLIENT_ID: 'odcs', ODCS_AUTH_OPENIDC_CLIENT_SECRET: 's3cret' };
    expect(() => loadConfig({ ...creds, ODCS_AUTH_SESSION_SECRET: 'short' })).toThrow('auth_session_secret of at least 32 characters');
    const c = loadConfig({ ...creds, ODCS_AUTH_SESSION_SECRET: 'x'.repeat(32) });
    expect(browserLoginEnabled(c)).toBe(true);
  });

  it('asks at login for the required scopes and the three compose scopes by default', () => {
    const c = loadConfig({ ODCS_AUTH_OPENIDC_REQUIRED_SCOPES: 'openid https://id.fedoraproject.org/scope/groups' });
    expect(c.auth_openidc_login_scopes).toEqual([
      'https://id.fedoraproject.org/scope/groups',
      'https://pagure.io/odcs/new-compose',
      'https://pagure.io/odcs/renew-compose',
      'https://pagure.io/odcs/delete-compose',
    ]);
  });

  it('refuses trusted proxies that are not addresses or CIDR ranges', () => {
    expect(() => loadConfig({ ODCS_AUTH_TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.com' })).toThrow(
      '"auth_trusted_proxies": "proxy.example.com" is not an IP address or CIDR range',
    );
    expect(loadConfig({ ODCS_AUTH_TRUSTED_PROXIES: '10.0.0.0/8 ::1' }).auth_trusted_proxies).toEqual(['10.0.0.0/8', '::1']);
  });
});
