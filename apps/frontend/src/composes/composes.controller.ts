import { Controller, Delete, Get, Header, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AuthService, type Identity } from '@odcs/auth';
import {
  type ComposeJson,
  ComposeJsonPresenter,
  CreateComposeCommand,
  DeleteComposeCommand,
  GetComposeQuery,
  ListComposesQuery,
  parseCreateRequest,
  RenewComposeCommand,
  USER_DIRECTORY,
  type UserDirectory,
} from '@odcs/compose';
import { ODCS_CONFIG, type OdcsConfig } from '@odcs/config';
import { RouteSchema } from '@nestjs/platform-fastify';
import type { FastifyRequest as Request } from 'fastify';
import { externalUrl } from '../http/absolute-url.js';
import { ComposeIdPipe } from '../http/compose-id.pipe.js';
import { COMPOSE_RESPONSE } from '../openapi/openapi.schemas.js';
import { parseJsonBody } from '../http/json-body.js';
import { pageBody, pageMeta, parseListRequest, type QueryArgs } from './list-composes.request.js';
import { permissionInput } from './permission-input.js';
import { parseRenewRequest } from './renew-compose.request.js';

/** /api/1/composes[/:id]: ODCS's REST API v1. Maps HTTP to commands and queries, nothing more. */
@Controller('api/1/composes')
export class ComposesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly auth: AuthService,
    private readonly presenter: ComposeJsonPresenter,
    @Inject(ODCS_CONFIG) private readonly config: OdcsConfig,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** Authenticated users who changed something are recorded in the users table, as upstream does (after success: a refused request writes nothing). */
  private async remember(identity: Identity): Promise<void> {
    if (this.config.auth_backend !== 'noauth') await this.users.remember(identity.username);
  }

  /** The body is written from each compose's JSON as ListComposesQuery gives it (kept for unchanged composes). */
  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async list(@Query() args: QueryArgs, @Req() req: Request): Promise<string> {
    const { criteria, page, perPage } = parseListRequest(args);
    const { items, total } = await this.queries.execute(new ListComposesQuery(criteria));
    return pageBody(items, pageMeta(externalUrl(req, '/api/1/composes/'), args, page, perPage, total));
  }

  @Get(':id')
  @Header('Access-Control-Allow-Origin', '*')
  @RouteSchema({ response: { 200: COMPOSE_RESPONSE } })
  async get(@Param('id', ComposeIdPipe) id: number): Promise<ComposeJson> {
    return this.presenter.toJson(await this.queries.execute(new GetComposeQuery(id)), { detail: true });
  }

  @Post()
  @HttpCode(200)
  @RouteSchema({ response: { 200: COMPOSE_RESPONSE } })
  async create(@Req() req: Request): Promise<ComposeJson> {
    const identity = await this.auth.authorize(req, 'new-compose');
    const { fields, secondsToLive } = parseCreateRequest(parseJsonBody(req.body), this.config);
    this.auth.assertInputAllowed(identity, permissionInput(fields, this.presenter, { checkTargetDir: true }));
    const created = await this.commands.execute(new CreateComposeCommand({ ...fields, owner: identity.username }, secondsToLive));
    await this.remember(identity);
    return this.presenter.toJson(created);
  }

  @Patch(':id')
  @HttpCode(200)
  @RouteSchema({ response: { 200: COMPOSE_RESPONSE } })
  async renew(@Param('id', ComposeIdPipe) id: number, @Req() req: Request): Promise<ComposeJson> {
    const identity = await this.auth.authorize(req, 'renew-compose');
    const { secondsToLive, overrides } = parseRenewRequest(parseJsonBody(req.body, { emptyAs: {} }), this.config);
    const old = await this.queries.execute(new GetComposeQuery(id, { renewable: true }));
    this.auth.assertInputAllowed(identity, permissionInput(old, this.presenter, { checkTargetDir: false }));
    const result = await this.commands.execute(new RenewComposeCommand(id, overrides, secondsToLive, identity.username));
    await this.remember(identity);
    return this.presenter.toJson(result);
  }

  @Delete(':id')
  @HttpCode(202)
  async remove(@Param('id', ComposeIdPipe) id: number, @Req() req: Request): Promise<{ status: number; message: string }> {
    const identity = await this.auth.authorize(req, 'delete-compose');
    const outcome = await this.commands.execute(new DeleteComposeCommand(id, identity.username, this.auth.isAdmin(identity)));
    await this.remember(identity);
    return {
      status: 202,
      message:
        outcome === 'cancelled'
          ? `Compose (id=${id}) has been canceled`
          : `The delete request for compose (id=${id}) has been accepted and will be processed by backend later.`,
    };
  }
}
