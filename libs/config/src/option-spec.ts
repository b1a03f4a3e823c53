export type OptionKind = 'string' | 'int' | 'bool' | 'list' | 'json' | 'enum';

/**
 * How one option of a configuration `C` is read, defaulted, documented and checked. Generic over
 * the configuration, so that a part of it (the auth options) can be declared without importing the
 * whole (which imports that part back).
 */
export interface OptionSpec<C, K extends keyof C = keyof C> {
  kind: OptionKind;
  /** Default value, or a function of the options resolved so far. */
  default: C[K] | ((c: Partial<C>) => C[K]);
  desc: string;
  /** Extra environment variable names accepted for upstream compatibility. */
  aliases?: string[];
  values?: readonly string[];
  min?: number;
  /** Returns an error text when the (already typed) value is not acceptable. */
  check?: (value: C[K], all: C) => string | null;
}
