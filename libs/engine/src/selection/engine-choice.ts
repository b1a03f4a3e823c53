import type { ComposeEngineChoice } from '@odcs/config';

export type EngineName = 'pungi' | 'builtin';

/** Source types the built-in engine generates; anything else needs Pungi. */
export const BUILTIN_SOURCE_TYPES: readonly string[] = ['tag', 'build', 'repo', 'pungi_compose', 'module'];

export interface EngineChoiceInput {
  sourceType: string;
  /** `compose_engine`. */
  configured: ComposeEngineChoice;
  /** `compose_engine_overrides`. */
  overrides: Readonly<Record<string, ComposeEngineChoice>>;
  /** Whether `pungi_koji` resolves to an executable. */
  pungiAvailable: boolean;
}

/**
 * Which engine generates a compose: the per-source-type override, else `compose_engine`;
 * `auto` means Pungi when its command is available, otherwise the built-in engine.
 */
export function chooseEngine(input: EngineChoiceInput): EngineName {
  const choice = input.overrides[input.sourceType] ?? input.configured;
  if (choice === 'auto') return input.pungiAvailable ? 'pungi' : 'builtin';
  return choice;
}
