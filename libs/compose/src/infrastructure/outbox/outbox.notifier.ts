import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** Tells the relays of this process that a transaction just committed outbox messages. */
@Injectable()
export class OutboxNotifier {
  readonly written$ = new Subject<void>();

  nudge(): void {
    this.written$.next();
  }
}
