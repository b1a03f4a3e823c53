/** Longest state_reason an engine returns (upstream's Pungi error block is at most 2058 chars). */
export const MAX_REASON_LENGTH = 2100;

const ELLIPSIS = ' ...';

export interface FailureReasonInput {
  /** What went wrong (the exception text, §8.2). */
  error: string;
  /** Errors extracted from the engine's log (§9.6), appended on a new line when not empty. */
  logErrors?: string;
  /** target_dir → target_dir_url, for composes on the default target dir (§8.2). */
  rewrite?: { targetDir: string; targetDirUrl: string } | null;
}

/**
 * `Error while generating compose: <error>` + `\n<log errors>` (§8.2), with target_dir paths
 * rewritten to URLs, bounded to about {@link MAX_REASON_LENGTH} characters: the error part is
 * shortened first so the log errors (already bounded by the log parser) survive.
 */
export function formatFailureReason(input: FailureReasonInput): string {
  const rewrite = (text: string): string =>
    input.rewrite?.targetDir ? text.replaceAll(input.rewrite.targetDir, input.rewrite.targetDirUrl) : text;
  const logErrors = rewrite(input.logErrors ?? '');
  const head = rewrite(`Error while generating compose: ${input.error}`);
  const room = Math.max(200, MAX_REASON_LENGTH - (logErrors ? logErrors.length + 1 : 0));
  const boundedHead = truncate(head, room);
  const reason = logErrors ? `${boundedHead}\n${logErrors}` : boundedHead;
  return truncate(reason, Math.max(MAX_REASON_LENGTH, room + 1 + 2058));
}

/** Cuts text to at most `max` code points, marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - ELLIPSIS.length).join('') + ELLIPSIS;
}

/** The target_dir → URL rewrite of a job, derived from its result repo URL (null off the default dir). */
export function targetDirRewrite(
  targetDir: string,
  composeDirName: string,
  resultRepoUrl: string | null,
): { targetDir: string; targetDirUrl: string } | null {
  if (!resultRepoUrl) return null;
  const suffix = `/${composeDirName}/compose/Temporary`;
  const base = resultRepoUrl.replace(/\/+$/, '');
  if (!base.endsWith(suffix)) return null;
  return { targetDir: targetDir.replace(/\/+$/, ''), targetDirUrl: base.slice(0, -suffix.length) };
}
