/** The owner or an admin cancelled a compose before it finished. */
export class ComposeCancelledEvent {
  static readonly type = 'compose.cancelled.v1';
  constructor(
    readonly composeId: number,
    readonly cancelledBy: string,
    readonly wasGenerating: boolean,
    readonly occurredAt: string,
  ) {}
}
