import { CreateComposes1764000000000 } from './1764000000000-create-composes.js';
import { ComposeCounts1764000000001 } from './1764000000001-compose-counts.js';
import { ComposeSizeBytes1764000012000 } from './1764000012000-compose-size-bytes.js';
import { Backends1764000014000 } from './1764000014000-backends.js';
import { ListOrderIndexes1764000016000 } from './1764000016000-list-order-indexes.js';
import { ComposeOwnerCounts1764000017000 } from './1764000017000-compose-owner-counts.js';

/** Every migration, in order (listed explicitly, never globbed). */
export const MIGRATIONS = [
  CreateComposes1764000000000,
  ComposeCounts1764000000001,
  ComposeSizeBytes1764000012000,
  Backends1764000014000,
  ListOrderIndexes1764000016000,
  ComposeOwnerCounts1764000017000,
];
