import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { DASHBOARD_CSS, DASHBOARD_JS } from './dashboard.assets.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /: the landing page, under every auth backend (Decision 16), grown into a dashboard: the
 * compose list with filters and paging, a detail view with its state timeline and log tail, live
 * through /api/1/events/. The script renders from the JSON API; without it the links still work.
 */
@Controller()
export class HomeController {
  constructor(@Inject(ODCS_CONFIG) private readonly config: OdcsConfig) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    const url = escapeHtml(this.config.target_dir_url);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>On Demand Compose Service</title><style>${DASHBOARD_CSS}</style></head>
<body>
<header><h1><a href="#/">On Demand Compose Service</a></h1>
<nav><a href="api/1/composes/">REST API</a> · <a href="api/1/about/">about</a> · <a href="api/1/metrics/">metrics</a> ·
<a href="api/1/events/">events</a> · composes at <a href="${url}">${url}</a></nav></header>
<main id="app"><noscript><p>Request temporary RPM composes through the <a href="api/1/composes/">REST API</a>.</p></noscript></main>
<script src="dashboard.js" defer></script>
</body></html>
`;
  }

  @Get('dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_JS;
  }
}
