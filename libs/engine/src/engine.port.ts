import type { PungiComposeSpec } from '@odcs/pungi';

export const COMPOSE_ENGINE = Symbol('COMPOSE_ENGINE');

export interface GenerationJob {
  /** kojiEvent already resolved by the backend for tag composes. */
  spec: PungiComposeSpec;
  /** Absolute target dir (default or extra). */
  targetDir: string;
  /** <targetDir>/odcs-<id>; the engine creates it. */
  composeDir: string;
  /** <target_dir_url>/odcs-<id>/compose/Temporary; null when not on the default dir. */
  resultRepoUrl: string | null;
  /** The compose JSON (raw_config: the wrapper template's `compose`). */
  composeJson?: Readonly<Record<string, unknown>>;
  /** `pungi_config_dump` of the compose (raw_config respin of a production compose). */
  pungiConfigDump?: string | null;
  /** Respin numbering of pungi_compose_id. */
  isComposeIdTaken(id: string): Promise<boolean>;
}

export interface GenerationProgress {
  phase: string;
  done?: number;
  total?: number;
  message: string;
}

export type EngineKind = 'pungi' | 'builtin' | 'pulp';

/** Attributes of the compose the engine found out while generating it (pulp: CONTRACT §8.7). */
export interface ResolvedContent {
  source?: string;
  arches?: string;
  sigkeys?: string;
}

export type GenerationResult =
  | {
      ok: true;
      pungiComposeId: string | null;
      engine: EngineKind;
      /** raw_config production/development composes. */ pungiConfigDump?: string;
      /** What the engine found out about the content (pulp, CONTRACT §8.7). */ content?: ResolvedContent;
    }
  | { ok: false; reason: string; engine: EngineKind };

export interface ComposeEngine {
  generate(job: GenerationJob, opts: { signal: AbortSignal; onProgress: (p: GenerationProgress) => void }): Promise<GenerationResult>;
}
