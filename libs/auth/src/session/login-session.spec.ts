import { describe, expect, it } from 'vitest';
import { aRequest } from '../testing/auth-test-helpers.js';
import { LoginSession, SESSION_COOKIE } from './login-session.js';
import { SealedCookieCodec } from './sealed-cookie.codec.js';

const SECRET = 'correct horse battery staple, twice over';

describe('LoginSession', () => {
  const session = new LoginSession(new SealedCookieCodec(SECRET), 600);
  const alice = { username: 'alice', groups: ['qa'], scopes: ['openid', 'https://pagure.io/odcs/new-compose'] };

  it('reads back the identity it sealed into the cookie', async () => {
    const cookie = await session.seal(alice);
    expect(cookie).not.toContain('alice');
    expect(await session.read(aRequest({ cookie: `other=1; ${SESSION_COOKIE}=${cookie}` }))).toEqual(alice);
  });

  it('rejects cookies made with another secret, for another purpose, tampered or expired', async () => {
    const foreign = await new LoginSession(new SealedCookieCodec(`${SECRET}!`), 600).seal(alice);
    expect(await session.read(aRequest({ cookie: `${SESSION_COOKIE}=${foreign}` }))).toBeNull();
    const otherPurpose = await new SealedCookieCodec(SECRET).seal({ username: 'alice' }, 'odcs-login-state', 600);
    expect(await session.read(aRequest({ cookie: `${SESSION_COOKIE}=${otherPurpose}` }))).toBeNull();
    const cookie = await session.seal(alice);
    const tampered = cookie.slice(0, -3) + (cookie.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(await session.read(aRequest({ cookie: `${SESSION_COOKIE}=${tampered}` }))).toBeNull();
    const expired = await new LoginSession(new SealedCookieCodec(SECRET), -60).seal(alice);
    expect(await session.read(aRequest({ cookie: `${SESSION_COOKIE}=${expired}` }))).toBeNull();
    expect(await session.read(aRequest({}))).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => new SealedCookieCodec('short')).toThrow('auth_session_secret must be at least 32 characters');
  });
});
