#!/usr/bin/env node
import { CommanderError } from 'commander';
import { EXIT, ServerError, UsageError } from './client.js';
import { buildProgram } from './program.js';
import { WaitTimeout } from './watch.js';

/** `odcs`: exit 0 done, 1 failed (or timed out waiting), 2 usage error, 3 server error. */
async function main(argv: string[]): Promise<number> {
  const stream = (s: NodeJS.WriteStream) => ({ write: (t: string) => void s.write(t), isTTY: !!s.isTTY });
  const { program, result } = buildProgram({ stdout: stream(process.stdout), stderr: stream(process.stderr), env: process.env });
  try {
    await program.parseAsync(argv);
    return result();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.done : EXIT.usage;
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof WaitTimeout) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.failed;
    }
    if (e instanceof ServerError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.server;
    }
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.server;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
