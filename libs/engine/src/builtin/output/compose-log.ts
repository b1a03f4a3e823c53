import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { composeFiles } from '@odcs/pungi';

/** Log file of the built-in engine inside the compose dir, beside pungi-stderr.log. */
export function builtinLogPath(composeDir: string): string {
  return join(composeDir, 'logs', 'global', 'odcs-builtin.log');
}

/**
 * Per-compose log of the built-in engine, in Pungi's line format (`<time> [LEVEL   ] text`),
 * written to `pungi-stderr.log` (which the odcs client tails with --watch) and to
 * `logs/global/odcs-builtin.log`. Writes are synchronous appends so lines keep their order.
 */
export class ComposeLog {
  private readonly files: string[];

  constructor(composeDir: string) {
    this.files = [composeFiles.stderrLog(composeDir), builtinLogPath(composeDir)];
    for (const file of this.files) mkdirSync(dirname(file), { recursive: true });
  }

  info(message: string): void {
    this.write('INFO', message);
  }

  error(message: string): void {
    this.write('ERROR', message);
  }

  private write(level: string, message: string): void {
    const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
    const lines = message
      .split('\n')
      .map((line) => `${stamp} [${level.padEnd(8)}] ${line}\n`)
      .join('');
    for (const file of this.files) {
      try {
        appendFileSync(file, lines);
      } catch {
        // the compose dir was removed (cancel); nothing left to log into
      }
    }
  }
}
