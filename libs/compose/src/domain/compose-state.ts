/** The lifecycle of a compose (CONTRACT §4). Numeric codes exist only at the API/DB edge. */
export const COMPOSE_STATES = ['wait', 'generating', 'done', 'removed', 'failed'] as const;
export type ComposeState = (typeof COMPOSE_STATES)[number];

export const STATE_CODES: Record<ComposeState, number> = { wait: 0, generating: 1, done: 2, removed: 3, failed: 4 };

/**
 * The only allowed state changes. "generating → generating" with a new reason is progress, not a
 * transition (Compose.noteProgress). Nothing leaves `removed`: renewing creates a new compose.
 */
export const COMPOSE_TRANSITIONS = {
  wait: ['generating', 'failed'], // picked up | cancelled or stuck in wait
  generating: ['done', 'failed', 'removed', 'wait'], // result | error, cancel, stuck | reused compose removed | lease lost, retried
  done: ['removed'], // expiry sweep (TTL passed or admin DELETE)
  failed: ['removed'],
  removed: [],
} as const satisfies Record<ComposeState, readonly ComposeState[]>;

export function canTransition(from: ComposeState, to: ComposeState): boolean {
  return (COMPOSE_TRANSITIONS[from] as readonly ComposeState[]).includes(to);
}

const STATE_BY_CODE: readonly (ComposeState | undefined)[] = COMPOSE_STATES.reduce<ComposeState[]>((byCode, s) => {
  byCode[STATE_CODES[s]] = s;
  return byCode;
}, []);

export function stateFromCode(code: number): ComposeState {
  const state = STATE_BY_CODE[code];
  if (!state) throw new RangeError(`Unknown compose state code ${code}`);
  return state;
}

/** Accepts a state name or its numeric code (Decision 7); undefined when neither. */
export function parseState(value: string): ComposeState | undefined {
  if (/^\d+$/.test(value)) return COMPOSE_STATES.find((s) => STATE_CODES[s] === Number(value));
  return COMPOSE_STATES.find((s) => s === value);
}
