/** A compose was submitted (POST, or PATCH that copies) and waits for a backend. */
export class ComposeCreatedEvent {
  static readonly type = 'compose.created.v1';
  constructor(
    readonly composeId: number,
    readonly occurredAt: string,
  ) {}
}
