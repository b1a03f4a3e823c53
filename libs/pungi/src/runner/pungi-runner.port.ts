import type { PungiCommandInput } from '../command/pungi-command.js';
import type { PungiLogRewrite } from '../logs/pungi-log.parser.js';

export const PUNGI_RUNNER = Symbol('PUNGI_RUNNER');

export interface PungiRunRequest {
  /** Everything of the command line except the config path, which points into the temp dir. */
  command: Omit<PungiCommandInput, 'configPath'>;
  /** Config files written into a fresh temporary dir, which is Pungi's cwd (e.g. buildPungiFiles()). */
  files: Readonly<Record<string, string>>;
  /**
   * An existing dir prepared by the caller to be Pungi's cwd (files are written into it too); the
   * caller removes it. Default: a fresh temporary dir, removed after the run.
   */
  configDir?: string;
  /** Which of `files` is passed as `--config`; default `pungi.conf`. */
  mainConfigFile?: string;
  /** Pungi is stopped (whole process group) after this many seconds. */
  timeoutSeconds: number;
  /** Aborting stops Pungi (whole process group). */
  signal?: AbortSignal;
  /** Added to the inherited environment. */
  env?: Readonly<Record<string, string>>;
  /** Rewrites target_dir to target_dir_url in failure reasons (composes on the default target dir). */
  logRewrite?: PungiLogRewrite;
}

interface PungiRunCommon {
  /** The command line as run (executable first). */
  argv: string[];
  /** Process id of Pungi, which is also its process group id; null when it never started. */
  pid: number | null;
  stdoutLog: string;
  stderrLog: string;
}

export interface PungiRunSucceeded extends PungiRunCommon {
  status: 'succeeded';
}

export interface PungiRunFailed extends PungiRunCommon {
  /**
   * failed: non-zero exit; timed-out: stopped after timeoutSeconds; cancelled: stopped through
   * the abort signal; not-started: the command could not be started (e.g. not found).
   */
  status: 'failed' | 'timed-out' | 'cancelled' | 'not-started';
  /** Exit code; for a process killed by a signal, minus the signal number. */
  exitCode: number | null;
  /** What went wrong, followed by the errors of pungi.global.log (if any) on a new line. */
  reason: string;
  /** Errors extracted from pungi.global.log (§9.6); '' when none. */
  pungiErrors: string;
}

export type PungiRunResult = PungiRunSucceeded | PungiRunFailed;

/** Runs pungi-koji for one compose. Expected failures are results, never thrown. */
export interface PungiRunner {
  run(request: PungiRunRequest): Promise<PungiRunResult>;
}
