import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { Injectable } from '@nestjs/common';

/** Finds commands the way a shell does: a name is looked up on PATH, a path is taken as is. */
@Injectable()
export class ExecutableLocator {
  /** Absolute path of the executable, or null when there is none. */
  async find(command: string, path: string = process.env.PATH ?? ''): Promise<string | null> {
    if (command === '') return null;
    if (command.includes('/')) return (await isExecutableFile(command)) ? command : null;
    for (const dir of path.split(delimiter)) {
      if (!dir || !isAbsolute(dir)) continue;
      const candidate = join(dir, command);
      if (await isExecutableFile(candidate)) return candidate;
    }
    return null;
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
