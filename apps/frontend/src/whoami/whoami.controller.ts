import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { AuthService, type CallerRights } from '@odcs/auth';
import { ODCS_CONFIG, type AuthBackend, type OdcsConfig } from '@odcs/config';
import type { FastifyRequest as Request } from 'fastify';

/** The body of GET /api/1/whoami/. */
export interface WhoAmI {
  /** null for an anonymous caller (no credentials); "unknown" under noauth. */
  username: string | null;
  groups: string[];
  auth_backend: AuthBackend;
  is_admin: boolean;
  allowed: CallerRights;
}

/**
 * GET /api/1/whoami/ (odcs addition): who the server takes the caller for and which write requests
 * it may send, so clients (the dashboard) offer only what will be accepted. Bad credentials: 401.
 */
@Controller('api/1/whoami')
export class WhoAmIController {
  constructor(
    private readonly auth: AuthService,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async whoami(@Req() req: Request): Promise<WhoAmI> {
    const identity = await this.auth.identify(req);
    return {
      username: identity?.username ?? null,
      groups: identity?.groups ?? [],
      auth_backend: this.config.auth_backend,
      is_admin: identity !== null && this.auth.isAdmin(identity),
      allowed: this.auth.rights(identity),
    };
  }
}
