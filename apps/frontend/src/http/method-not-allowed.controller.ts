import { All, Controller, HttpException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Known paths with a method they do not serve answer 405 (Decision 1). Registered after every other controller. */
@ApiExcludeController()
@Controller()
export class MethodNotAllowedController {
  @All(['api/1/composes', 'api/1/composes/:id', 'api/1/about', 'api/1/metrics', ''])
  refuse(): never {
    throw new HttpException('The method is not allowed for the requested URL.', 405);
  }
}
