import { excerpt } from '@odcs/compose';
import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';

/** A compose id in a path: a non-negative integer, else the route does not exist (Decision 1). */
@Injectable()
export class ComposeIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,9}$/.test(value))
      throw new NotFoundException(`The requested URL was not found on the server: no compose id "${excerpt(value)}".`);
    return Number(value);
  }
}
