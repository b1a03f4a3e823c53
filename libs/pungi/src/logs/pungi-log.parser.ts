import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { composeFiles } from '../output/compose-layout.js';

const ERROR_MARK = '[ERROR   ]';
const MAX_ERRORS_LENGTH = 2000;
const TOO_MANY_ERRORS = ' ...\n Too many errors, see Pungi log for more information.';

export interface PungiLogRewrite {
  /** `conf.target_dir`; every occurrence in the errors is replaced by `targetDirUrl`. */
  targetDir: string;
  targetDirUrl: string;
}

/**
 * Extracts the errors of a pungi.global.log text (§9.6), as ODCS puts them into `state_reason`:
 * the text after `[ERROR   ] ` of every error line (with its newline), plus the line after it
 * when that line is not an error line; errors starting with `Extended traceback in:` dropped;
 * cut at 2000 characters with a note; optionally target_dir rewritten to target_dir_url.
 */
export function extractPungiErrors(logText: string, rewrite?: PungiLogRewrite): string {
  let result = '';
  for (const error of errorEntries(logText)) {
    if (error.startsWith('Extended traceback in:')) continue;
    result += error;
    const chars = Array.from(result); // count code points, as Python does
    if (chars.length > MAX_ERRORS_LENGTH) {
      result = chars.slice(0, MAX_ERRORS_LENGTH).join('') + TOO_MANY_ERRORS;
      break;
    }
  }
  if (rewrite && rewrite.targetDir) {
    result = result.replaceAll(rewrite.targetDir, rewrite.targetDirUrl);
  }
  return result;
}

function errorEntries(logText: string): string[] {
  const errors: string[] = [];
  let pending = '';
  for (const line of logText.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const at = line.indexOf(ERROR_MARK);
    if (at === -1) {
      if (pending) {
        errors.push(pending + line);
        pending = '';
      }
      continue;
    }
    if (pending) errors.push(pending);
    pending = line.slice(at + ERROR_MARK.length + 1);
  }
  // An error on the very last line has no continuation line; it is still an error.
  if (pending) errors.push(pending);
  return errors;
}

const STDERR_ERROR = /(?:^|[\s:])error: /i;

/**
 * The error lines pungi-koji printed on stderr (argparse's `pungi-koji: error: ...`, its own
 * `ERROR:` lines), for a run that ended before its global log existed: the last ones, each with
 * its newline, as many as fit into 2000 characters (a longer single line is cut, with ` ...`).
 */
export function extractStderrErrors(stderrText: string, rewrite?: PungiLogRewrite): string {
  const lines = stderrText.split('\n').filter((line) => STDERR_ERROR.test(line));
  let result = '';
  for (const line of lines.reverse()) {
    const entry = `${line}\n`;
    if (result === '' && Array.from(entry).length > MAX_ERRORS_LENGTH) {
      result = `${Array.from(line).slice(0, MAX_ERRORS_LENGTH).join('')} ...\n`;
      break;
    }
    if (Array.from(entry + result).length > MAX_ERRORS_LENGTH) break;
    result = entry + result;
  }
  return rewrite && rewrite.targetDir ? result.replaceAll(rewrite.targetDir, rewrite.targetDirUrl) : result;
}

/** Reads the errors of a compose's Pungi run. */
@Injectable()
export class PungiLogParser {
  /** The errors of pungi.global.log (§9.6); a missing log gives ''. */
  async readErrors(composeDir: string, rewrite?: PungiLogRewrite): Promise<string> {
    const text = await readIfExists(composeFiles.globalLog(composeDir));
    return text === null ? '' : extractPungiErrors(text, rewrite);
  }

  /**
   * The errors of pungi.global.log; when Pungi ended before writing it (a refused command
   * line), the error lines of its stderr log instead.
   */
  async readFailureErrors(composeDir: string, rewrite?: PungiLogRewrite): Promise<string> {
    const text = await readIfExists(composeFiles.globalLog(composeDir));
    if (text !== null) return extractPungiErrors(text, rewrite);
    const stderr = await readIfExists(composeFiles.stderrLog(composeDir));
    return stderr === null ? '' : extractStderrErrors(stderr, rewrite);
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) return null;
    throw error;
  }
}

function isMissingFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
