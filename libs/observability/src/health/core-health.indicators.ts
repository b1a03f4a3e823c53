import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { connect } from 'amqplib';
import { decodeJwt } from 'jose';
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';

const TIMEOUT_MS = 3000;

/** Free bytes for an unprivileged writer on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

/**
 * Readiness checks every odcs process shares: PostgreSQL, RabbitMQ (when configured), target dirs,
 * OIDC; plus those the modules of the process add (the backend adds Koji, also in `npm start`).
 */
@Injectable()
export class CoreHealthIndicators {
  private readonly added: HealthIndicatorFunction[] = [];

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  checks(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.typeorm.pingCheck('postgresql', { timeout: TIMEOUT_MS })];
    if (this.config.amqp_url) checks.push(() => this.broker());
    checks.push(() => this.targetDirs());
    if (this.config.auth_backend.includes('openidc') && this.config.auth_openidc_issuer) checks.push(() => this.oidc());
    return [...checks, ...this.added];
  }

  /** Adds a check of this process to /health/ready (called by a module's provider at init). */
  add(check: HealthIndicatorFunction): void {
    this.added.push(check);
  }

  private broker() {
    return this.health
      .check('rabbitmq')
      .attempt(async () => {
        const connection = await connect(this.config.amqp_url, { timeout: TIMEOUT_MS }).catch((e: Error) => {
          throw new Error(`RabbitMQ is unreachable: ${e.message}`);
        });
        await connection.close().catch(() => undefined);
      })
      .withTimeout(TIMEOUT_MS + 500);
  }

  /**
   * The OpenID provider answers its discovery document, and the client secret, when it is a JWT
   * with an expiry (some providers issue those), has not expired: an expired credential would
   * otherwise only show as every introspection failing.
   */
  private oidc() {
    return this.health
      .check('oidc')
      .attempt(async ({ signal }) => {
        const issuer = this.config.auth_openidc_issuer.replace(/\/$/, '');
        const url = `${issuer}/.well-known/openid-configuration`;
        const res = await fetch(url, { signal }).catch((e: Error) => {
          throw new Error(`OpenID provider ${issuer} is unreachable: ${e.message}`);
        });
        if (!res.ok) throw new Error(`OpenID provider ${issuer} answered ${res.status} for ${url}`);
        const secret = this.config.auth_openidc_client_secret;
        if (secret.split('.').length !== 3) return { issuer };
        let exp: number | undefined;
        try {
          exp = decodeJwt(secret).exp;
        } catch {
          return { issuer };
        }
        if (exp === undefined) return { issuer };
        const expiresAt = new Date(exp * 1000).toISOString();
        if (exp * 1000 <= Date.now()) throw new Error(`auth_openidc_client_secret expired at ${expiresAt}`);
        return { issuer, client_secret_expires_at: expiresAt };
      })
      .withTimeout(TIMEOUT_MS);
  }

  /** Each target dir exists, is writable and has at least min_free_space bytes free. */
  private targetDirs() {
    return this.health.check('target_dir').attempt(async () => {
      const dirs = [this.config.target_dir, ...Object.values(this.config.extra_target_dirs)];
      const free: Record<string, number> = {};
      for (const dir of dirs) {
        await access(dir, constants.W_OK).catch((e: Error) => {
          throw new Error(`target dir ${dir} is not writable: ${e.message}`);
        });
        free[dir] = await freeBytes(dir);
        if (free[dir] < this.config.min_free_space) {
          throw new Error(`target dir ${dir} has ${free[dir]} bytes free, less than min_free_space (${this.config.min_free_space})`);
        }
      }
      return { free_bytes: free };
    });
  }
}
