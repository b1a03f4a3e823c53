export class ComposeTtlExtendedEvent {
  static readonly type = 'compose.ttl-extended.v1';
  constructor(
    readonly composeId: number,
    readonly timeToExpire: string,
    readonly occurredAt: string,
  ) {}
}
