import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ComposeStatsReader } from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { ODCS_VERSION } from '../version.js';

/** GET /api/1/about/ (CONTRACT §1.6). allowed_clients and raw_config_urls can be hidden by config. */
@Controller('api/1/about')
export class AboutController {
  constructor(
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    private readonly stats: ComposeStatsReader,
  ) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  async about(): Promise<Record<string, unknown>> {
    const c = this.config;
    const info: Record<string, unknown> = { version: ODCS_VERSION, auth_backend: c.auth_backend, sigkeys: c.sigkeys };
    if (!c.about_hide_permissions) {
      info['allowed_clients'] = c.allowed_clients;
      info['raw_config_urls'] = c.raw_config_urls;
    }
    // odcs addition: bytes of done composes per target dir.
    const disk: Record<string, number> = {};
    for (const dir of [c.target_dir, ...Object.values(c.extra_target_dirs)]) disk[dir] = 0;
    for (const u of await this.stats.diskUsage()) disk[u.targetDir ?? c.target_dir] = (disk[u.targetDir ?? c.target_dir] ?? 0) + u.bytes;
    info['disk_used_bytes'] = disk;
    return info;
  }
}
