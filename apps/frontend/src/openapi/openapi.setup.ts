import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ODCS_VERSION } from '../version.js';
import { DOCUMENTED_PATH, OPERATIONS } from './openapi.operations.js';
import { COMPONENT_SCHEMAS } from './openapi.schemas.js';

/**
 * The OpenAPI 3.1 document of the app: the routes @nestjs/swagger finds in the controllers, each
 * ODCS operation described with its parameters, bodies and errors (openapi.operations.ts).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('On Demand Compose Service')
    .setDescription('ODCS REST API v1 (drop-in compatible), plus odcs additions: progress, events, dashboard.')
    .setVersion(ODCS_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'OpenID Connect access token' }, 'openidc')
    .addSecurity('kerberos', { type: 'http', scheme: 'negotiate', description: 'Kerberos (SPNEGO)' })
    .build();
  const scanned = SwaggerModule.createDocument(app, base);
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(scanned.paths)) {
    const described = OPERATIONS[path] ?? {};
    const merged: Record<string, unknown> = { ...item };
    for (const method of Object.keys(described)) {
      const found = (item as Record<string, { operationId?: string } | undefined>)[method];
      if (found) merged[method] = { operationId: found.operationId, ...described[method] };
    }
    paths[DOCUMENTED_PATH[path] ?? path] = merged;
  }
  return { ...scanned, paths, components: { ...scanned.components, schemas: { ...scanned.components?.schemas, ...COMPONENT_SCHEMAS } } };
}

/** GET /api/1/openapi.json (the document) and /api/1/docs (Swagger UI). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/1/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/1/openapi.json',
    raw: ['json'],
    customSiteTitle: 'ODCS API',
  });
}
