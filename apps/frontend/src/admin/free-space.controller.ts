import { Body, Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthService } from '@odcs/auth';
import { ComposeForbiddenError, ComposeStatsReader, DeleteComposeCommand, InvalidComposeInputError } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { freeBytes } from '@odcs/observability';
import type { FastifyRequest as Request } from 'fastify';
import { parseJsonBody } from '../http/json-body.js';

const MAX_CANDIDATES = 100_000;

function parseRequest(raw: unknown, query: Record<string, unknown>): { bytes: number; dryRun: boolean } {
  const body = parseJsonBody(raw, { emptyAs: {} });
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidComposeInputError('Request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const bytes = b['bytes'] ?? query['bytes'];
  const n = typeof bytes === 'string' && /^\d+$/.test(bytes) ? Number(bytes) : bytes;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new InvalidComposeInputError('"bytes" must be a non-negative integer');
  const dry = b['dry_run'] ?? query['dry_run'] ?? false;
  if (![true, false, 'true', 'false', '1', '0'].includes(dry as never))
    throw new InvalidComposeInputError('"dry_run" must be true or false');
  return { bytes: n, dryRun: dry === true || dry === 'true' || dry === '1' };
}

/**
 * POST /api/1/admin/free-space/ {"bytes": N, "dry_run": true}: removes the oldest done composes of
 * the default target dir until N bytes would be free there (admins only). Removal is requested as
 * an admin DELETE does; the backend's sweep deletes the directories.
 */
@Controller('api/1/admin/free-space')
export class FreeSpaceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: AuthService,
    private readonly stats: ComposeStatsReader,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async freeSpace(@Req() req: Request, @Body() raw: unknown, @Query() query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const identity = await this.auth.authorize(req, 'delete-compose');
    if (!this.auth.isAdmin(identity)) throw new ComposeForbiddenError(`User ${identity.username} is not in role admins.`);
    const { bytes, dryRun } = parseRequest(raw, query);
    const dir = this.config.target_dir;
    const free = await freeBytes(dir);
    const chosen: { id: number; size_bytes: number; time_done: string }[] = [];
    let freed = 0;
    if (free < bytes) {
      const candidates = await this.stats.removableOldestFirst(MAX_CANDIDATES);
      for (const c of candidates) {
        if (free + freed >= bytes) break;
        if (c.targetDir !== null && c.targetDir !== dir) continue;
        chosen.push({ id: c.id, size_bytes: c.sizeBytes, time_done: c.timeDone.toISOString() });
        freed += c.sizeBytes;
      }
    }
    if (!dryRun) {
      for (const c of chosen) await this.commands.execute(new DeleteComposeCommand(c.id, identity.username, true));
    }
    return {
      target_dir: dir,
      free_bytes: free,
      wanted_free_bytes: bytes,
      dry_run: dryRun,
      freed_bytes: freed,
      enough: free + freed >= bytes,
      composes: chosen,
    };
  }
}
