import type { ComposeProps } from '../compose-props.js';
import type { ComposeState } from '../compose-state.js';

/** Every state change, creation included (from = null). Published as odcs.compose.state-changed. */
export class ComposeStateChangedEvent {
  static readonly type = 'compose.state-changed.v1';
  constructor(
    readonly composeId: number,
    readonly from: ComposeState | null,
    readonly to: ComposeState,
    readonly reason: string | null,
    readonly occurredAt: string,
    /** The compose right after its transaction (set when the event is stored; the notification shows it). */
    readonly snapshot: Readonly<ComposeProps> | null = null,
  ) {}
}
