import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GET /: the landing page, under every auth backend (Decision 16). */
@Controller()
export class HomeController {
  constructor(@Inject(ODCS_CONFIG) private readonly config: OdcsConfig) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    const url = escapeHtml(this.config.target_dir_url);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>On Demand Compose Service</title></head>
<body>
<h1>On Demand Compose Service</h1>
<p>Request temporary RPM composes through the <a href="api/1/composes/">REST API</a>
(<a href="api/1/about/">about</a>, <a href="api/1/metrics/">metrics</a>).</p>
<p>Generated composes are served at <a href="${url}">${url}</a>.</p>
</body></html>
`;
  }
}
