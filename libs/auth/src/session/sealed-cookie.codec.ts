import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

/**
 * Encrypts small payloads for cookies (JWE, dir + A256GCM, key derived from auth_session_secret),
 * so the browser login needs no server-side session store and works across frontends.
 * Each purpose is a separate audience: a cookie made for one purpose never opens as another.
 */
export class SealedCookieCodec {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('auth_session_secret must be at least 32 characters');
    this.key = createHash('sha256').update(`odcs-session:${secret}`).digest();
  }

  seal(payload: JWTPayload, purpose: string, maxAgeSeconds: number): Promise<string> {
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(purpose)
      .setIssuedAt()
      .setExpirationTime(`${maxAgeSeconds}s`)
      .encrypt(this.key);
  }

  /** The payload, or null when the value is not a live cookie of this purpose made with this secret. */
  async open(value: string, purpose: string): Promise<JWTPayload | null> {
    try {
      const { payload } = await jwtDecrypt(value, this.key, { audience: purpose });
      return payload;
    } catch {
      return null;
    }
  }
}
