/** A PATCH regenerated an older compose as a new one. */
export class ComposeRenewedEvent {
  static readonly type = 'compose.renewed.v1';
  constructor(
    readonly composeId: number,
    readonly renewedFromId: number,
    readonly occurredAt: string,
  ) {}
}
