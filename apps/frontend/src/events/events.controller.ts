import { BadRequestException, Controller, Headers, type MessageEvent, type OnModuleDestroy, Query, Sse } from '@nestjs/common';
import { OutboxFeed, OutboxNotifier } from '@odcs/compose';
import { concatMap, defer, exhaustMap, from, interval, merge, type Observable, startWith, Subject, takeUntil } from 'rxjs';

const POLL_MS = 1000;

const intParam = (name: string, value: unknown): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new BadRequestException(`${name} should be a non-negative integer`);
  return Number(value);
};

/**
 * GET /api/1/events/: the compose events of the outbox as Server-Sent Events (beyond upstream).
 * Each event has the outbox id as `id`, the event type as `event` (e.g. `compose.state-changed`)
 * and `{id, type, compose_id, occurred_at, payload}` as `data`. `compose_id=N` streams one
 * compose, from its first retained event; otherwise the stream starts with the next event.
 * `since=ID` or the `Last-Event-ID` header (an EventSource reconnecting) resumes after an id.
 */
@Controller('api/1/events')
export class EventsController implements OnModuleDestroy {
  /** Ends every open stream when the app shuts down, so that closing the HTTP server does not wait for clients. */
  private readonly closing$ = new Subject<void>();

  constructor(
    private readonly feed: OutboxFeed,
    private readonly notifier: OutboxNotifier,
  ) {}

  @Sse()
  stream(
    @Query('compose_id') composeIdArg: unknown,
    @Query('since') sinceArg: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Observable<MessageEvent> {
    const composeId = intParam('compose_id', composeIdArg);
    const resume = intParam('Last-Event-ID', lastEventId) ?? intParam('since', sinceArg);
    return defer(async () => resume ?? (composeId !== undefined ? 0 : await this.feed.latestId())).pipe(
      concatMap((start) => {
        let cursor = start;
        // Polling finds what other processes wrote; the notifier wakes it at once for this process's own commits.
        return merge(interval(POLL_MS), this.notifier.written$).pipe(
          startWith(0),
          exhaustMap(() => from(this.feed.after(cursor, { composeId }))),
          concatMap((events) => {
            if (events.length > 0) cursor = events[events.length - 1]!.id;
            return from(events.map((e): MessageEvent => ({ id: String(e.id), type: e.type, data: e })));
          }),
        );
      }),
      takeUntil(this.closing$),
    );
  }

  onModuleDestroy(): void {
    this.closing$.next();
    this.closing$.complete();
  }
}
