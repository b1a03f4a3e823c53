import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpException,
  Module,
  Post,
  Req,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, AuthService, type Identity } from '@odcs/auth';
import { OdcsConfigModule, type OdcsConfig } from '@odcs/config';
import type { FastifyReply, FastifyRequest as Request } from 'fastify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STATUS_CODES } from 'node:http';

/** Routes that call AuthService the way the compose controller does. */
@Controller('probe')
class ProbeController {
  constructor(private readonly auth: AuthService) {}

  @Get('whoami')
  async whoami(@Req() req: Request): Promise<{ identity: Identity | null }> {
    return { identity: await this.auth.identify(req) };
  }

  @Post('new-compose')
  newCompose(@Req() req: Request): Promise<Identity> {
    return this.auth.authorize(req, 'new-compose');
  }

  @Post('delete-compose')
  async deleteCompose(@Req() req: Request): Promise<{ identity: Identity; admin: boolean }> {
    const identity = await this.auth.authorize(req, 'delete-compose');
    return { identity, admin: this.auth.isAdmin(identity) };
  }
}

/** ODCS's error JSON, as the frontend renders it. */
@Catch()
class ErrorJsonFilter implements ExceptionFilter {
  catch(e: unknown, host: ArgumentsHost): void {
    const status = e instanceof HttpException ? e.getStatus() : 500;
    const message = e instanceof Error ? e.message : String(e);
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send({ status, error: STATUS_CODES[status], message });
  }
}

export interface ProbeApp {
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A port on 127.0.0.1 that requests can reach before the app exists (the login callback URL needs it). */
export interface ReservedServer {
  url: string;
  server: Server;
  /** Hands the server's requests to the app (503 until then). */
  serve(handler: Handler): void;
}

export async function reserveServer(): Promise<ReservedServer> {
  let handler: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    serve: (h) => {
      handler = h;
    },
  };
}

/** A Nest app on Fastify (as the frontend) with AuthModule, the probe routes and any extra modules, served by the reserved server. */
export async function startProbeApp(config: OdcsConfig, extraModules: Type[] = [], reserved?: ReservedServer): Promise<ProbeApp> {
  const host = reserved ?? (await reserveServer());
  @Module({ imports: [OdcsConfigModule.forRoot(config), AuthModule, ...extraModules], controllers: [ProbeController] })
  class ProbeModule {}
  const adapter = new FastifyAdapter({
    serverFactory: (handler: Handler) => {
      host.serve(handler);
      return host.server;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, adapter, { logger: ['error'] });
  app.useGlobalFilters(new ErrorJsonFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    url: host.url,
    close: async () => {
      host.server.closeAllConnections();
      await new Promise<void>((r) => host.server.close(() => r()));
      await app.close();
    },
  };
}
