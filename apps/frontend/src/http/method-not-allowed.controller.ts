import { Controller, Delete, HttpException, Options, Patch, Post, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Paths served with GET (and HEAD) only. */
const READ_ONLY = ['api/1/about', 'api/1/metrics', ''];

const refusal = (): HttpException => new HttpException('The method is not allowed for the requested URL.', 405);

/**
 * Known paths with a method they do not serve answer 405 (Decision 1). Fastify's router takes one
 * handler per method and path, so each method lists the known paths that do not serve it.
 */
@ApiExcludeController()
@Controller()
export class MethodNotAllowedController {
  @Post(['api/1/composes/:id', ...READ_ONLY])
  post(): never {
    throw refusal();
  }

  @Put(['api/1/composes', 'api/1/composes/:id', ...READ_ONLY])
  put(): never {
    throw refusal();
  }

  @Patch(['api/1/composes', ...READ_ONLY])
  patch(): never {
    throw refusal();
  }

  @Delete(['api/1/composes', ...READ_ONLY])
  delete(): never {
    throw refusal();
  }

  @Options(['api/1/composes', 'api/1/composes/:id', ...READ_ONLY])
  options(): never {
    throw refusal();
  }
}
