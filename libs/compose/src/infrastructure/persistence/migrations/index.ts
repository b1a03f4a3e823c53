import { CreateComposes1764000000000 } from './1764000000000-create-composes.js';

/** Every migration, in order (listed explicitly, never globbed). */
export const MIGRATIONS = [CreateComposes1764000000000];
