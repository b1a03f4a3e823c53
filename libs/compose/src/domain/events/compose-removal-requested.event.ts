/** An admin asked for early removal; the expiry sweep removes the compose. */
export class ComposeRemovalRequestedEvent {
  static readonly type = 'compose.removal-requested.v1';
  constructor(
    readonly composeId: number,
    readonly requestedBy: string,
    readonly occurredAt: string,
  ) {}
}
